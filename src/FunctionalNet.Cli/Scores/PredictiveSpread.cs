using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Curvature;
using FunctionalNet.Formats;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Cli.Scores;

/// <summary>
/// <c>fnet predict --uncertainty DATA</c>: the Laplace approximation of a classifier fitted on its labelled training
/// data, and each predicted row's spread (the standard deviation of its predicted class's probability under the
/// linearised posterior, <see cref="LaplaceApproximation.Spread"/>, calibrated as the model's probabilities are), with the library's defaults.
/// </summary>
internal static class PredictiveSpread
{
    /// <summary>None without <paramref name="training"/>; else one spread per row of the raw <paramref name="features"/>.</summary>
    public static Either<CliError, Option<double[]>> For(SavedEstimator model, string? training, string? label, Matrix<double> features)
    {
        if (training is null) return Prelude.Right<CliError, Option<double[]>>(Prelude.None);
        if (model is not SavedEstimator.OfClassifier { Classifier: { HasProbabilities: true } classifier })
            return new CliError(new Error("options.uncertainty", "--uncertainty is the spread of a class probability, so it needs a classifier with softmax or sigmoid outputs"));
        return
            from input in ModelInputs.Labelled(model, training, label, null)
            from laplace in LaplaceApproximation.Fit(classifier.Architecture, CostBatch.Weights(classifier.Weights), CostBatch.Of(classifier, input.Features, input.Labels!))
                .MapLeft(e => new CliError(e))
            select Prelude.Some(laplace.Spread(classifier.Scaler?.Apply(features) ?? features, calibration: classifier.Calibration));
    }
}
