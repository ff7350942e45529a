using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// <see cref="Network.Predict{T}"/> runs <see cref="Network.PredictionBlock"/> rows at a time: the outputs are those of
/// each row on its own (block edges included), and the scratch is one block's, not the whole set's.
/// </summary>
public class BlockedPredictionTests
{
    private static readonly Architecture Wide = Architecture.Mlp([4, 256, 256, 3], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy)
        .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    private static Matrix<double> Rows(int count, ulong seed)
    {
        var values = new double[count * Wide.Inputs];
        Rng.Create(seed).FillUniform<double>(values, -3, 3);
        return Matrix<double>.Create(count, Wide.Inputs, values);
    }

    [Fact]
    public void Rows_at_every_block_edge_predict_as_they_do_alone_in_both_precisions()
    {
        const int block = Network.PredictionBlock;
        var features = Rows(2 * block + 3, 11);
        var parameters = Initializer.Xavier.Initialize<double>(Wide, Rng.Create(12));
        var all = Network.Predict(Wide, parameters, features);
        var all32 = Network.Predict(Wide, parameters.Convert<float>(), features.Convert<float>());
        foreach (int r in new[] { 0, block - 1, block, block + 1, 2 * block - 1, 2 * block, 2 * block + 2 })
        {
            Assert.True(Network.Predict(Wide, parameters, features.Slice(r, 1)).Row(0).SequenceEqual(all.Row(r)), $"float64 row {r}");
            Assert.True(Network.Predict(Wide, parameters.Convert<float>(), features.Slice(r, 1).Convert<float>()).Row(0).SequenceEqual(all32.Row(r)), $"float32 row {r}");
        }
    }

    [Fact]
    public void Predicting_many_rows_allocates_far_less_than_one_whole_set_pass()
    {
        // A whole-set pass holds z and a of every layer for every row: 2 × m × (256 + 256 + 3) doubles (≈ 101 MB here).
        int m = 3 * Network.PredictionBlock + 5;
        var features = Rows(m, 13);
        var parameters = Initializer.Xavier.Initialize<double>(Wide, Rng.Create(14));
        long wholePass = 2L * m * (256 + 256 + 3) * sizeof(double);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var outputs = Network.Predict(Wide, parameters, features, new Parallelism(1));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(m, outputs.Rows);
        Assert.True(allocated < wholePass * 2 / 5, $"allocated {allocated:N0} bytes; one whole-set pass is {wholePass:N0}");
    }
}
