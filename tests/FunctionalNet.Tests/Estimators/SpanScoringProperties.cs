using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Estimators;

/// <summary>
/// The span methods of a classifier and a regressor give the bits of the matrix methods, one row at a time or a
/// batch at a time at any thread count, from float or double rows; a bad row is an error value; a warm single-row
/// call allocates nothing.
/// </summary>
public class SpanScoringProperties
{
    private static readonly Activation[] Hidden =
        [Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.Gelu, Activation.Silu,
         Activation.Softplus, Activation.LeakyRelu(0.1), Activation.Elu(1.5)];

    // Widths past one vector and row counts past the packed-GEMM thresholds, so the batch takes other kernels than a row.
    private static Arbitrary<(EstimatorCase Case, double[] Rows, int Count)> Cases(bool regression) =>
        (from inputs in Gen.Choose(1, 70)
         from hiddenCount in Gen.Choose(0, 2)
         from w1 in Gen.Choose(1, 40)
         from w2 in Gen.Choose(1, 40)
         from outputs in Gen.Choose(1, regression ? 3 : 12)
         from hidden in Gen.Elements(Hidden)
         from float32 in Gen.Elements(false, true)
         from scaled in Gen.Elements(false, true)
         from targetScaled in Gen.Elements(false, true)
         from count in Gen.Choose(1, 40)
         from seed in Gen.Choose(0, int.MaxValue)
         select Draw(RandomEstimators.Build(regression, inputs, new[] { w1, w2 }[..hiddenCount], outputs, float32, scaled, targetScaled, seed, hidden),
             inputs, count, seed))
        .ToArbitrary();

    private static (EstimatorCase, double[], int) Draw(EstimatorCase c, int inputs, int count, int seed)
    {
        var values = new double[count * inputs];
        Rng.Create((ulong)seed).Fork(7).FillUniform<double>(values, -3, 3);
        return (c, values, count);
    }

    private static long[] Bits(ReadOnlySpan<double> values) => [.. values.ToArray().Select(BitConverter.DoubleToInt64Bits)];

    private static T Right<T>(LanguageExt.Either<Error, T> result) => result.Match(v => v, e => throw new InvalidOperationException(e.Message));

    [Property(MaxTest = 60)]
    public Property A_classifiers_span_scores_are_the_bits_of_its_matrix_scores() =>
        Prop.ForAll(Cases(regression: false), Gen.Elements(false, true).ToArbitrary(), (drawn, fromFloats) =>
        {
            var (c, values, count) = drawn;
            var model = c.Classifier!;
            float[] floats = [.. values.Select(v => (float)v)];
            var matrix = Matrix<double>.Create(count, model.Inputs, fromFloats ? [.. floats.Select(f => (double)f)] : values);
            var expected = model.PredictProba(matrix);
            var labels = model.PredictIndices(matrix);
            int k = model.Classes.Length;

            var one = new double[count * k];
            var oneLabels = new int[count];
            for (int r = 0; r < count; r++)
            {
                oneLabels[r] = fromFloats
                    ? Right(model.PredictProba<float>(floats.AsSpan(r * model.Inputs, model.Inputs), one.AsSpan(r * k, k)))
                    : Right(model.PredictProba<double>(values.AsSpan(r * model.Inputs, model.Inputs), one.AsSpan(r * k, k)));
                bool same = oneLabels[r] == (fromFloats ? Right(model.Predict<float>(floats.AsSpan(r * model.Inputs, model.Inputs)))
                    : Right(model.Predict<double>(values.AsSpan(r * model.Inputs, model.Inputs))));
                if (!same) return false.Label($"row {r}: Predict and PredictProba disagree");
            }
            var batch = new double[count * k];
            var batchLabels = new int[count];
            foreach (int threads in new[] { 1, 2 })
            {
                int scored = fromFloats ? Right(model.PredictProba<float>(floats, batch, new Parallelism(threads)))
                    : Right(model.PredictProba<double>(values, batch, new Parallelism(threads)));
                int labelled = fromFloats ? Right(model.Predict<float>(floats, batchLabels, new Parallelism(threads)))
                    : Right(model.Predict<double>(values, batchLabels, new Parallelism(threads)));
                if (scored != count || labelled != count || !Bits(batch).SequenceEqual(Bits(expected.Span)) || !batchLabels.SequenceEqual(labels))
                    return false.Label($"batch at {threads} thread(s) differs");
            }
            return Bits(one).SequenceEqual(Bits(expected.Span)).Label("single-row probabilities")
                .And(oneLabels.SequenceEqual(labels)).Label("single-row classes");
        }).Label("classifier");

    [Property(MaxTest = 40)]
    public Property A_regressors_span_predictions_are_the_bits_of_its_matrix_predictions() =>
        Prop.ForAll(Cases(regression: true), Gen.Elements(1, 2).ToArbitrary(), (drawn, threads) =>
        {
            var (c, values, count) = drawn;
            var model = c.Regressor!;
            var expected = model.Predict(Matrix<double>.Create(count, model.Inputs, values));
            int t = expected.Cols;
            var one = new double[count * t];
            for (int r = 0; r < count; r++)
                if (Right(model.Predict<double>(values.AsSpan(r * model.Inputs, model.Inputs), one.AsSpan(r * t, t))) != t) return false;
            var batch = new double[count * t];
            return Right(model.Predict<double>(values, batch, new Parallelism(threads))) == count
                && Bits(one).SequenceEqual(Bits(expected.Span)) && Bits(batch).SequenceEqual(Bits(expected.Span));
        });

    [Property(MaxTest = 60)]
    public Property A_non_finite_feature_or_a_wrong_width_is_an_error_value_naming_it() =>
        Prop.ForAll(RandomEstimators.Cases(regression: false), Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity).ToArbitrary(),
            Gen.Choose(0, 1000).ToArbitrary(), (c, bad, at) =>
            {
                var model = c.Classifier!;
                var rows = c.Rows.Span.ToArray();
                int index = at % rows.Length, row = index / model.Inputs, column = index % model.Inputs;
                rows[index] = bad;
                var single = rows.AsSpan(row * model.Inputs, model.Inputs);
                string expectedSingle = $"column {column} ('f{column}'): the feature is {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
                return Says(model.Predict<double>(single), expectedSingle)
                    && Says(model.PredictProba<double>(single, new double[model.Classes.Length]), expectedSingle)
                    && Says(model.Predict<double>(rows, new int[c.Rows.Rows], new Parallelism(1)), $"row {row}, {expectedSingle}")
                    && Says(model.PredictProba<double>(rows, new double[rows.Length * model.Classes.Length], new Parallelism(1)), $"row {row}, {expectedSingle}")
                    && Says(model.Predict<double>(new double[model.Inputs + 1]), $"a row of {model.Inputs} features, found {model.Inputs + 1}")
                    && (model.Inputs == 1 || Says(model.Predict<double>(new double[model.Inputs + 1], new int[2], new Parallelism(1)), "(1 left over)"));
            });

    private static bool Says<T>(LanguageExt.Either<Error, T> result, string text) =>
        result.Match(_ => false, e => e.Message.Contains(text, StringComparison.Ordinal));

    [Fact]
    public void A_destination_too_short_is_the_callers_mistake()
    {
        var model = RandomEstimators.Build(false, 3, [4], 3, false, true, false, 5).Classifier!;
        Assert.Throws<ArgumentException>(() => model.PredictProba<double>(new double[3], new double[2]));
        Assert.Throws<ArgumentException>(() => model.Predict<double>(new double[6], new int[1], new Parallelism(1)));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void A_warm_single_row_call_allocates_nothing(bool narrow, bool regression)
    {
        // The digits network's shape (64-100-10), with both scalers, so every step a service runs is counted.
        var c = RandomEstimators.Build(regression, 64, [100], regression ? 3 : 10, narrow, true, true, 11, Activation.Relu);
        var row = new double[64];
        Rng.Create(3).FillUniform<double>(row, 0, 16);
        var values = new double[10];
        long Score()
        {
            long sum = 0;
            for (int i = 0; i < 200; i++)
                sum += regression ? Right(c.Regressor!.Predict<double>(row, values))
                    : Right(c.Classifier!.Predict<double>(row)) + Right(c.Classifier!.PredictProba<double>(row, values));
            return sum;
        }
        Score();
        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = Score();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(total >= 0);
        Assert.Equal(0, allocated);
    }
}
