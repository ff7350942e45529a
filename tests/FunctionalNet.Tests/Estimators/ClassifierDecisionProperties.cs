using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Estimators;

/// <summary>A classifier's calibration and decision threshold: applied by every scoring method, kept by save/load, and exported to ONNX.</summary>
public class ClassifierDecisionProperties
{
    private sealed record DecisionCase(EstimatorCase Model, Calibration? Calibration, double? Threshold)
    {
        public override string ToString() => $"{Model}, {Calibration?.Describe() ?? "uncalibrated"}, threshold {Threshold}";
    }

    // Two-class models (one sigmoid or two softmax outputs), a temperature or Platt calibration or none, a threshold or none.
    private static readonly Arbitrary<DecisionCase> Cases =
        (from inputs in Gen.Choose(1, 4)
         from hidden in Gen.Choose(1, 6)
         from outputs in Gen.Choose(1, 2)
         from float32 in Gen.Elements(false, true)
         from scaled in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         from kind in Gen.Choose(0, 2)
         from t in Gen.Choose(3, 30)
         from a in Gen.Choose(-20, 30)
         from b in Gen.Choose(-10, 10)
         from threshold in Gen.Choose(-1, 19)
         select new DecisionCase(RandomEstimators.Build(false, inputs, [hidden], outputs, float32, scaled, false, seed),
             kind switch { 0 => null, 1 => new Calibration.Temperature(t / 10.0), _ => new Calibration.Platt(a / 10.0, b / 10.0) },
             threshold < 0 ? null : (threshold + 0.5) / 20)).ToArbitrary();

    private static Classifier Decided(DecisionCase c) =>
        c.Model.Classifier!.WithCalibration(c.Calibration).Bind(m => m.WithThreshold(c.Threshold)).Match(m => m, e => throw new InvalidOperationException(e.Message));

    // P(class 1) computed by hand from the uncalibrated model: its logit log(p₁ / p₀), calibrated, through the sigmoid.
    private static double Expected(Calibration? calibration, double p0, double p1)
    {
        double z = Math.Log(p1 / p0);
        double s = calibration switch { Calibration.Temperature t => z / t.Value, Calibration.Platt p => p.Slope * z + p.Intercept, _ => z };
        return 1 / (1 + Math.Exp(-s));
    }

    // fnet train adds its metrics with WithSummary after the decision is fitted: that once dropped the decision.
    [Property(MaxTest = 20)]
    public Property A_new_summary_keeps_the_calibration_and_threshold() =>
        Prop.ForAll(Cases, c =>
        {
            var model = Decided(c);
            var summarised = model.WithSummary(TrainingSummary.None);
            return summarised.Calibration == model.Calibration && summarised.Threshold == model.Threshold
                && summarised.Preprocessing == model.Preprocessing && summarised.Summary == TrainingSummary.None;
        });

    [Property(MaxTest = 40)]
    public Property Every_scoring_method_calibrates_then_thresholds_the_class_1_probability() =>
        Prop.ForAll(Cases, c =>
        {
            var plain = c.Model.Classifier!;
            var model = Decided(c);
            var rows = c.Model.Rows;
            var before = plain.PredictProba(rows);
            var after = model.PredictProba(rows);
            var labels = model.PredictIndices(rows);
            double tolerance = plain.Weights is NetworkWeights.F32 ? 1e-5 : 1e-10;
            var spanProba = new double[rows.Rows * 2];
            var spanLabels = new int[rows.Rows];
            model.PredictProba<double>(rows.Span, spanProba, Parallelism.Default);
            model.Predict<double>(rows.Span, spanLabels, Parallelism.Default);
            bool ok = Enumerable.Range(0, rows.Rows).All(r =>
            {
                double p1 = after[r, 1];
                int expectedLabel = c.Threshold is { } t ? (p1 >= t ? 1 : 0) : p1 == after[r, 0] ? labels[r] : p1 > after[r, 0] ? 1 : 0;
                var one = new double[2];
                return Math.Abs(p1 - Expected(c.Calibration, before[r, 0], before[r, 1])) <= tolerance
                    && Math.Abs(after[r, 0] + p1 - 1) <= tolerance
                    && labels[r] == expectedLabel
                    && model.Predict<double>(rows.Span.Slice(r * rows.Cols, rows.Cols)).Match(l => l, _ => -1) == labels[r]
                    && model.PredictProba<double>(rows.Span.Slice(r * rows.Cols, rows.Cols), one).Match(l => l, _ => -1) == labels[r]
                    && one.SequenceEqual([after[r, 0], after[r, 1]]);
            });
            return (ok && spanProba.SequenceEqual(after.Span.ToArray()) && spanLabels.SequenceEqual(labels)).Label(c.ToString());
        });

    [Property(MaxTest = 25)]
    public Property Calibration_and_threshold_survive_save_load_and_onnx_export() =>
        Prop.ForAll(Cases, c =>
        {
            var model = Decided(c);
            var rows = c.Model.Rows;
            var files = ModelDirectory.Encode(model);
            var loaded = ModelDirectory.DecodeClassifier(files.Card, files.Weights).Match(v => v, e => throw new InvalidOperationException(e.Message));
            bool kept = loaded.Calibration == model.Calibration && loaded.Threshold == model.Threshold
                && RandomEstimators.Bits(loaded.PredictProba(rows)).SequenceEqual(RandomEstimators.Bits(model.PredictProba(rows)))
                && loaded.PredictIndices(rows).SequenceEqual(model.PredictIndices(rows));
            var options = new OnnxExportOptions(model.Scaler, model.FeatureNames, model.Classes) { Calibration = model.Calibration, Threshold = model.Threshold };
            bool f32 = model.Weights is NetworkWeights.F32;
            var expected = model.PredictProba(rows);
            var labels = model.PredictIndices(rows);
            double[] p1;
            long[] onnxLabels;
            if (f32)
            {
                var bytes = OnnxExport.Write(model.Architecture, ((NetworkWeights.F32)model.Weights).Parameters, options).Match(b => b, e => throw new InvalidOperationException(e.Message));
                var (values, ints) = OnnxRuntimeRun.Run(bytes, [.. rows.Span.ToArray().Select(v => (float)v)], rows.Rows, rows.Cols);
                p1 = [.. Enumerable.Range(0, rows.Rows).Select(r => (double)values["probabilities"].Values[2 * r + 1])];
                onnxLabels = ints["label"].Values;
            }
            else
            {
                var bytes = OnnxExport.Write(model.Architecture, ((NetworkWeights.F64)model.Weights).Parameters, options).Match(b => b, e => throw new InvalidOperationException(e.Message));
                var (values, ints) = OnnxRuntimeRun.Run(bytes, rows.Span.ToArray(), rows.Rows, rows.Cols);
                p1 = [.. Enumerable.Range(0, rows.Rows).Select(r => values["probabilities"].Values[2 * r + 1])];
                onnxLabels = ints["label"].Values;
            }
            double tolerance = f32 ? 1e-5 : 1e-12;
            // A row within rounding of the threshold (or of a tie) may fall either way.
            double cut = c.Threshold ?? 0.5;
            bool exported = Enumerable.Range(0, rows.Rows).All(r => Math.Abs(p1[r] - expected[r, 1]) <= tolerance
                && (Math.Abs(expected[r, 1] - cut) <= 2 * tolerance || onnxLabels[r] == labels[r]));
            return (kept && exported).Label($"{c}: loaded {kept}, exported {exported}");
        });

    // A random two-to-four-class model and 40 validation rows with random labels: the classes overlap, so every fit is finite.
    private static readonly Arbitrary<(EstimatorCase Model, Dataset Validation)> Validated =
        (from inputs in Gen.Choose(1, 4)
         from outputs in Gen.Choose(1, 4)
         from seed in Gen.Choose(0, int.MaxValue)
         from labels in Gen.ArrayOf(Gen.Choose(0, 3), 40)
         from values in Gen.ArrayOf(Gen.Choose(-30, 30), 40 * 4)
         let model = RandomEstimators.Build(false, inputs, [5], outputs, false, false, false, seed, FunctionalNet.Model.Activations.Activation.Relu)
         let classes = model.Classifier!.Classes
         select (model, new Dataset(Matrix<double>.Create(40, inputs, [.. values.Take(40 * inputs).Select(v => v / 5.0)]),
             new ClassTargets([.. labels.Select((l, i) => i < classes.Length ? i : l % classes.Length)], classes)))).ToArbitrary();

    [Property(MaxTest = 30)]
    public Property Fitting_on_validation_rows_never_raises_their_log_loss_and_temperature_keeps_every_class() =>
        Prop.ForAll(Validated, c =>
        {
            var plain = c.Model.Classifier!;
            var v = c.Validation;
            int[] y = [.. v.Labels];
            double before = ClassificationMetrics.LogLoss(y, plain.PredictProba(v.Features));
            var temperature = plain.Calibrated(v, "temperature");
            bool temperatureOk = temperature.Match(
                m => ClassificationMetrics.LogLoss(y, m.PredictProba(v.Features)) <= before + 1e-12 && m.PredictIndices(v.Features).SequenceEqual(plain.PredictIndices(v.Features)),
                e => e.Code is "calibration.uninformative" or "calibration.separable");
            bool plattOk = plain.Classes.Length != 2 ? plain.Calibrated(v, "platt").IsLeft
                : plain.Calibrated(v, "platt").Match(m => ClassificationMetrics.LogLoss(y, m.PredictProba(v.Features)) <= before + 1e-12,
                    e => e.Code is "calibration.uninformative" or "calibration.separable");
            bool thresholdOk = plain.Classes.Length != 2 ? plain.ChooseThreshold(v, new ThresholdObjective.F1()).IsLeft
                : plain.ChooseThreshold(v, new ThresholdObjective.F1()).Bind(choice => plain.WithThreshold(choice.Threshold).Map(m => (choice, m))).Match(
                    p => Math.Abs(ClassificationReport.Compute(y, p.m.PredictIndices(v.Features), plain.Classes).Classes[1].F1 - p.choice.Score) < 1e-12
                        && p.choice.Score >= ClassificationReport.Compute(y, plain.PredictIndices(v.Features), plain.Classes).Classes[1].F1 - 1e-12,
                    _ => false);
            return (temperatureOk && plattOk && thresholdOk).Label($"{c.Model}: temperature {temperatureOk}, platt {plattOk}, threshold {thresholdOk}");
        });

    [Fact]
    public void A_threshold_or_calibration_the_model_cannot_take_is_an_error()
    {
        var three = RandomEstimators.Build(false, 2, [3], 3, false, false, false, 1).Classifier!;
        var two = RandomEstimators.Build(false, 2, [3], 2, false, false, false, 1).Classifier!;
        Assert.Equal("threshold.classes", three.WithThreshold(0.3).Match(_ => "", e => e.Code));
        Assert.Equal("calibration.platt", three.WithCalibration(new Calibration.Platt(1, 0)).Match(_ => "", e => e.Code));
        Assert.Equal("threshold.value", two.WithThreshold(1.5).Match(_ => "", e => e.Code));
        Assert.Equal("threshold.value", two.WithThreshold(double.NaN).Match(_ => "", e => e.Code));
        Assert.Equal("calibration.temperature", two.WithCalibration(new Calibration.Temperature(0)).Match(_ => "", e => e.Code));
        // +∞ calls every row class 0 and is written to the card as Infinity.
        var never = two.WithThreshold(double.PositiveInfinity).Match(m => m, e => throw new InvalidOperationException(e.Message));
        var rows = RandomEstimators.Build(false, 2, [3], 2, false, false, false, 1).Rows;
        Assert.All(never.PredictIndices(rows), l => Assert.Equal(0, l));
        var files = ModelDirectory.Encode(never);
        Assert.Contains("\"threshold\": \"Infinity\"", System.Text.Encoding.UTF8.GetString(files.Card), StringComparison.Ordinal);
        Assert.Equal(double.PositiveInfinity, ModelDirectory.DecodeClassifier(files.Card, files.Weights).Match(m => m.Threshold, e => throw new InvalidOperationException(e.Message)));
    }
}
