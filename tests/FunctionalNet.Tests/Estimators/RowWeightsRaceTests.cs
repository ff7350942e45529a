using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Estimators;

/// <summary>
/// The transposed weight copy single-row scoring reads is built on a model's first single-row call; threads that all
/// make that first call at once must each get the batch's bits, whichever copy wins.
/// </summary>
public class RowWeightsRaceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Threads_racing_to_score_a_fresh_model_all_get_the_batch_bits(bool narrow)
    {
        const int rows = 64, threads = 8;
        var model = RandomEstimators.Build(false, 64, [100], 10, narrow, true, false, 17, Activation.Relu).Classifier!;
        var values = new double[rows * 64];
        Rng.Create(5).FillUniform<double>(values, 0, 16);
        var expected = model.PredictProba(Matrix<double>.Create(rows, 64, values)).Span.ToArray();
        using var start = new Barrier(threads);
        var results = Enumerable.Range(0, threads).Select(_ => new double[rows * 10]).ToArray();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int r = 0; r < rows; r++)
                model.PredictProba<double>(values.AsSpan(r * 64, 64), results[t].AsSpan(r * 10, 10));
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        foreach (var result in results)
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), result.Select(BitConverter.DoubleToInt64Bits));
    }
}
