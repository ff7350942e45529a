using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Fitting;

/// <summary>Classifier.Fit and Regressor.Fit: one call from raw rows to a fitted model holding its preprocessing.</summary>
public class FitTests
{
    private static readonly MlpOptions Small = new() { Layers = [8], Activations = ["tanh"], Epochs = 30, Patience = 0, BatchSize = 32, Optimizer = new ComponentSpec("adam").With("lr", 0.01) };

    private static T Ok<T>(LanguageExt.Validation<Error, T> v) => v.Match(x => x, e => throw new InvalidOperationException(string.Join("; ", e.Select(x => x.Message))));

    [Fact]
    public void Fit_is_the_plan_its_trace_and_its_model_composed()
    {
        var data = Generators.Moons(Rng.Create(1), 120, 0.1);
        var options = Small with { ValidationFraction = 0.2 };
        var fitted = Ok(Classifier.Fit(data, options));
        var plan = Ok(Classifier.Plan<double>(data, options));
        var last = Ok(plan.Trace()).Last();
        var composed = plan.Model(plan.Kept(last), last).Match(c => c, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(((NetworkWeights.F64)fitted.Weights).Parameters.Flat.ToArray(), ((NetworkWeights.F64)composed.Weights).Parameters.Flat.ToArray());
        Assert.NotNull(plan.Validation);
        Assert.Equal(options, fitted.Summary.Training!.Options);
    }

    // Class weights without a validation part put a null in an Either, which LanguageExt refuses with an exception.
    [Fact]
    public void Balanced_class_weights_without_validation_fit_and_are_recorded()
    {
        var data = Generators.Moons(Rng.Create(2), 40, 0.1).SelectRows([.. Enumerable.Range(0, 40).Where(i => i % 4 != 0)]);
        var fitted = Ok(Classifier.Fit(data, Small with { Epochs = 2, BalanceClasses = true }));
        var plan = Ok(Classifier.Plan<double>(data, Small with { Epochs = 2, BalanceClasses = true }));
        Assert.Null(plan.Validation);
        var counts = data.Labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([.. counts.Select(n => (double)data.Count / (counts.Length * n))], plan.ClassWeights.ToArray());
        Assert.Equal(2, fitted.Summary.Training!.ClassWeights!.Count);
    }

    // Progress was called with the start (epoch 0) as if it were a finished epoch.
    [Fact]
    public void Progress_reports_each_finished_epoch_once()
    {
        var epochs = new List<int>();
        Ok(Classifier.Fit(Generators.Moons(Rng.Create(5), 60, 0.1), Small with { Epochs = 3 }, controls: new FitControls(Progress: p => epochs.Add(p.Epoch))));
        Assert.Equal([1, 2, 3], epochs);
    }

    // A float64 first-order fit planned in float passed the check and stored float32 weights under float64 options.
    [Fact]
    public void A_plan_in_a_precision_the_options_do_not_trace_in_is_an_error()
    {
        var data = Generators.Moons(Rng.Create(6), 40, 0.1);
        string Code<T>(MlpOptions o) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => Classifier.Plan<T>(data, o).Match(_ => "planned", e => e.Head.Code);
        Assert.Equal("fit.precision", Code<float>(Small));
        Assert.Equal("fit.precision", Code<double>(Small with { Dtype = "float32" }));
        Assert.Equal("fit.precision", Code<float>(Small with { Optimizer = "lbfgs", Dtype = "float32" }));
        Assert.Equal("planned", Code<double>(Small with { Optimizer = "lbfgs", Dtype = "float32" }));
        Assert.Equal("planned", Code<float>(Small with { Dtype = "float32" }));
    }

    [Fact]
    public void The_model_holds_its_scaler_so_predictions_take_raw_rows()
    {
        // Features far from unit scale: without the held scaler a network trained on scaled rows would answer nonsense.
        var moons = Generators.Moons(Rng.Create(2), 200, 0.1);
        var data = moons.WithFeatures(FunctionalNet.Matrix<double>.Create(moons.Count, 2, moons.Features.Span.ToArray().Select(x => 1000 + 50 * x).ToArray()));
        var classifier = Ok(Classifier.Fit(data, Small with { Epochs = 60 }));
        Assert.NotNull(classifier.Scaler);
        var scaled = classifier.Scaler!.Apply(data.Features);
        Assert.Equal(Network.PredictLabels(classifier.Architecture, ((NetworkWeights.F64)classifier.Weights).Parameters, scaled), classifier.PredictIndices(data.Features));
        Assert.True(classifier.Score(data) > 0.85, $"accuracy {classifier.Score(data)}");
    }

    [Fact]
    public void Every_problem_with_the_options_and_data_comes_back_as_error_values()
    {
        var data = Generators.Moons(Rng.Create(3), 50, 0.1);
        var errors = Classifier.Fit(data, new MlpOptions { Epochs = 0, Optimizer = "adamx", Scaler = "robust" }).Match(_ => [], e => e.Select(x => x.Code).ToArray());
        Assert.Equal(["options.epochs", "options.optimizer", "options.scaler"], errors.Order(StringComparer.Ordinal).ToArray());
        var regression = Classifier.Fit(RegressionGenerators.Friedman1(Rng.Create(1), 20), Small).Match(_ => "", e => e.Head.Code);
        Assert.Equal("fit.task", regression);
    }

    [Fact]
    public void Float32_first_order_fits_keep_float32_weights_and_minimizers_store_in_the_asked_precision()
    {
        var data = Generators.Moons(Rng.Create(4), 80, 0.1);
        Assert.IsType<NetworkWeights.F32>(Ok(Classifier.Fit(data, Small with { Dtype = "float32" })).Weights);
        var lbfgs = Ok(Classifier.Fit(data, Small with { Optimizer = "lbfgs", Dtype = "float32", Epochs = 20 }));
        Assert.IsType<NetworkWeights.F32>(lbfgs.Weights);
        Assert.True(lbfgs.Score(data) > 0.8, $"accuracy {lbfgs.Score(data)}");
    }

    [Fact]
    public void A_regressor_answers_in_target_units()
    {
        var data = RegressionGenerators.Friedman1(Rng.Create(5), 300, noise: 0.1);
        var (train, test) = Split.TrainTest(data, 0.25, Rng.Create(6), stratify: false);
        var regressor = Ok(Regressor.Fit(train, MlpOptions.RegressionDefault with { Epochs = 150, Patience = 0 }));
        Assert.NotNull(regressor.TargetScaler);
        Assert.True(regressor.Score(test) > 0.8, $"R² {regressor.Score(test)}");
    }

    [Fact]
    public void A_scheduled_clipped_adamw_fit_trains()
    {
        var data = Generators.Moons(Rng.Create(7), 160, 0.1);
        var options = Small with
        {
            Optimizer = new ComponentSpec("adamw").With("lr", 0.02).With(Catalog.WeightDecay, 0.001), Schedule = "warmup-cosine", ClipNorm = 1,
            Activations = ["relu"], Layers = [16, 8], Epochs = 60,
        };
        var classifier = Ok(Classifier.Fit(data, options));
        Assert.True(classifier.Score(data) > 0.85, $"accuracy {classifier.Score(data)}");
    }
}
