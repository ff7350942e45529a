using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Model;

/// <summary>
/// The vectorised binary cross-entropy cost against the scalar formula it replaced (max(z, 0) − y·z + log1p(e^−|z|) with
/// Math.Exp and Math.Log, summed in order), and its independence of where an output sits in the batch.
/// </summary>
public class LogisticTermsProperties
{
    [Property(MaxTest = 60)]
    public Property The_vectorised_cost_is_the_scalar_sum_to_a_few_ulps_and_each_term_keeps_its_bits_anywhere() =>
        Prop.ForAll(Gen.Choose(1, 12).ToArbitrary(), Gen.Choose(1, 90).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(),
            (width, rows, seed) => Holds<double>(width, rows, seed, 1e-14) && Holds<float>(width, rows, seed, 1e-14));

    private static bool Holds<T>(int width, int rows, int seed, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var z = new T[width * rows];
        var y = new T[z.Length];
        var weights = new T[rows];
        rng.Fork(0).FillNormal<T>(z, 0, 8); // logits far into both tails, where log1p's correction matters
        rng.Fork(1).FillUniform<T>(y, 0, 1);
        rng.Fork(2).FillUniform<T>(weights, 0, 3);
        if (z.Length > 2) { z[0] = T.CreateTruncating(1000.0); z[1] = T.CreateTruncating(-1000.0); z[2] = T.CreateTruncating(40.0); }
        double scalar = 0, weightedScalar = 0, termByTerm = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double term = LogisticTerms.Scalar(double.CreateTruncating(z[i]), double.CreateTruncating(y[i]));
            scalar += term;
            weightedScalar += double.CreateTruncating(weights[i / width]) * term;
            termByTerm += Loss.BinaryCrossEntropy.Sum<T>(Activation.Sigmoid, z.AsSpan(i, 1), default, y.AsSpan(i, 1), 1);
        }
        double batch = Loss.BinaryCrossEntropy.Sum<T>(Activation.Sigmoid, z, default, y, width);
        double weighted = Loss.BinaryCrossEntropy.WeightedSum<T>(Activation.Sigmoid, z, default, y, width, weights);
        return BitConverter.DoubleToInt64Bits(batch) == BitConverter.DoubleToInt64Bits(termByTerm)
            && Math.Abs(batch - scalar) <= tolerance * Math.Abs(scalar)
            && Math.Abs(weighted - weightedScalar) <= tolerance * Math.Abs(weightedScalar);
    }
}
