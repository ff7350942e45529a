using FunctionalNet.Calculus;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Fitting;

/// <summary>Warm start: a fitted model trained further on new data, with a fresh early-stopping record.</summary>
public class WarmStartTests
{
    private static T Ok<T>(LanguageExt.Validation<Error, T> v) => v.Match(x => x, e => throw new InvalidOperationException(string.Join("; ", e.Select(x => x.Message))));

    // The model's cost on raw data, as the network sees it through the model's scaler.
    private static double Cost(Classifier model, Dataset data) =>
        Network.Cost(model.Architecture, ((NetworkWeights.F64)model.Weights).Parameters,
            new Batch<double>(model.Scaler!.Apply(data.Features), data.Targets.ToMatrix(model.Architecture.Outputs)));

    [Fact]
    public void Warm_start_on_new_data_trains_on_it_even_with_patience_left_from_the_old_run()
    {
        var options = new MlpOptions { Layers = [16], Activations = ["tanh"], Epochs = 300, Patience = 10, BatchSize = 32 };
        var old = Ok(Classifier.Fit(Generators.Moons(Rng.Create(1), 200, 0.1), options));
        var circles = Generators.Circles(Rng.Create(2), 200, 0.05, 0.5);
        double before = Cost(old, circles);
        var tuned = Ok(Classifier.Fit(circles, options with { Epochs = 100 }, warmStart: old));
        double after = Cost(tuned, circles);
        Assert.True(after < 0.8 * before, $"cost on the new data: {before} with the old weights, {after} after the warm start");
        Assert.True(tuned.Summary.Epoch > 1, $"kept epoch {tuned.Summary.Epoch}");
        Assert.Equal(old.Scaler, tuned.Scaler);
    }

    [Fact]
    public void New_data_with_a_subset_of_the_classes_is_aligned_by_name_and_an_unknown_class_is_an_error()
    {
        var blobs = Generators.Blobs(Rng.Create(3), 150);
        var options = new MlpOptions { Layers = [8], Epochs = 100, Patience = 0, Optimizer = new ComponentSpec("adam").With("lr", 0.02) };
        var model = Ok(Classifier.Fit(blobs, options));
        // Only classes "1" and "2", numbered 0 and 1 by their own data set.
        var rows = Enumerable.Range(0, blobs.Count).Where(r => blobs.Labels[r] > 0).ToArray();
        var subset = Dataset.Classification(blobs.Features.SelectRows(rows), rows.Select(r => blobs.Labels[r] - 1), ["1", "2"]);
        var tuned = Ok(Classifier.Fit(subset, options, warmStart: model));
        Assert.Equal(model.Classes, tuned.Classes);
        Assert.True(tuned.Score(subset) > 0.9, $"accuracy {tuned.Score(subset)}");
        var stranger = Dataset.Classification(subset.Features, subset.Labels, ["1", "7"]);
        var error = Classifier.Fit(stranger, options, warmStart: model).Match(_ => "", e => e.Head.Message);
        Assert.Contains("'7'", error);
    }
}
