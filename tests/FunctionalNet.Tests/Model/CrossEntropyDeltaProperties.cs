using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Model;

/// <summary>
/// Cross-entropy's output delta (a·Σy − y, or a − y when every row's targets sum to exactly 1) gives a row the same bits
/// whatever other rows share its batch: a batch's slots may be differentiated together or apart.
/// </summary>
public class CrossEntropyDeltaProperties
{
    // Rows of soft targets (normalised in double, then rounded to the element type, so many sum to 1 only nearly) mixed
    // with one-hot rows, at widths on both sides of the vectorised sum's 16.
    private static readonly Arbitrary<(int Rows, int Width, int Seed)> Batches =
        (from rows in Gen.Choose(2, 60)
         from width in Gen.OneOf(Gen.Choose(1, 6), Gen.Choose(1, 24))
         from seed in Gen.Choose(0, int.MaxValue)
         select (rows, width, seed)).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property A_float_row_delta_is_the_delta_of_that_row_alone() => Prop.ForAll(Batches, b => RowsMatch<float>(b.Rows, b.Width, b.Seed));

    [Property(MaxTest = 100)]
    public Property A_double_row_delta_is_the_delta_of_that_row_alone() => Prop.ForAll(Batches, b => RowsMatch<double>(b.Rows, b.Width, b.Seed));

    private static bool RowsMatch<T>(int rows, int width, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var z = new T[rows * width];
        rng.Fork(0).FillNormal<T>(z, 0, 2);
        var a = new T[z.Length];
        Activation.Softmax.Forward<T>(z, a, width);
        var y = new T[z.Length];
        var soft = new double[width];
        for (int r = 0; r < rows; r++)
        {
            if (rng.Fork(1).Uniform((ulong)r) < 0.3)
            {
                y[r * width + rng.Fork(2).NextInt((ulong)r, width)] = T.One;
                continue;
            }
            rng.Fork(3 + (ulong)r).FillUniform<double>(soft, 0, 1);
            double sum = soft.Sum();
            for (int k = 0; k < width; k++) y[r * width + k] = T.CreateTruncating(soft[k] / sum);
        }
        var batch = new T[z.Length];
        Loss.CrossEntropy.Delta<T>(Activation.Softmax, z, a, y, batch, width);
        var alone = new T[width];
        for (int r = 0; r < rows; r++)
        {
            var at = new Range(r * width, (r + 1) * width);
            Loss.CrossEntropy.Delta<T>(Activation.Softmax, z.AsSpan(at), a.AsSpan(at), y.AsSpan(at), alone, width);
            if (!alone.AsSpan().SequenceEqual(batch.AsSpan(at))) return false;
        }
        return true;
    }
}
