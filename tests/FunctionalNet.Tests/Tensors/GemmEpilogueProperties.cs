using System.Numerics;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

/// <summary>
/// A layer's forward step with the bias (and ReLU) finished in the blocked GEMM's epilogue (<see cref="FusedKernels.Forward{T}"/>)
/// has the bits of the product followed by the separate bias-and-activation pass, at 1, 2 and 3 threads: edge tiles, the last
/// rows of a tile, chains longer than one k block, bias entries of −0 and NaN, rows of zeros (sums of exactly zero).
/// </summary>
public class GemmEpilogueProperties
{
    private static readonly Activation[] Activations = [Activation.Relu, Activation.Sigmoid, Activation.Tanh, Activation.Identity, Activation.Softmax];

    // Ragged in the 8-row and 2-vector panels and the 128-row block, k across the 256-deep block; the larger ones are split over threads.
    private static readonly Arbitrary<(int M, int K, int N, int Threads, int Activation, int Seed)> Shapes =
        (from m in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(1, 400))
         from k in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(200, 600))
         from n in Gen.OneOf(Gen.Choose(1, 40), Gen.Choose(16, 150))
         from threads in Gen.Choose(1, 3)
         from activation in Gen.Choose(0, Activations.Length - 1)
         from seed in Gen.Choose(0, int.MaxValue)
         select (m, k, n, threads, activation, seed)).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property A_float_layer_finished_in_the_epilogue_has_the_bits_of_the_separate_passes() =>
        Prop.ForAll(Shapes, s => SameBits<float>(s.M, s.K, s.N, s.Threads, Activations[s.Activation], s.Seed));

    [Property(MaxTest = 60)]
    public Property A_double_layer_finished_in_the_epilogue_has_the_bits_of_the_separate_passes() =>
        Prop.ForAll(Shapes, s => SameBits<double>(s.M, s.K, s.N, s.Threads, Activations[s.Activation], s.Seed));

    // digits' hidden layers, and a product split over three threads: the epilogue is taken (the property is not vacuous).
    [Theory]
    [InlineData(200, 64, 100)]
    [InlineData(1347, 64, 100)]
    [InlineData(300, 300, 70)]
    public void Digits_hidden_layers_are_finished_in_the_epilogue_with_the_same_bits(int m, int k, int n)
    {
        foreach (int threads in new[] { 1, 2, 3 })
        {
            Assert.True(SameBits<float>(m, k, n, threads, Activation.Relu, m + k + n), $"float, {threads} threads");
            Assert.True(SameBits<double>(m, k, n, threads, Activation.Relu, m + k + n), $"double, {threads} threads");
        }
        var (x, w, bias) = Operands<float>(m, k, n, 1);
        Assert.True(Gemm.MultiplyTransposedBAddBias<float>(x, w, bias, new float[m * n], new float[m * n], m, k, n, new Parallelism(1)));
    }

    private static bool SameBits<T>(int m, int k, int n, int threads, Activation activation, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (x, w, bias) = Operands<T>(m, k, n, seed);
        var (z, a) = (new T[m * n], new T[m * n]);
        var (rowMax, rowSum) = (new T[m], new T[m]);
        Gemm.MultiplyTransposedB<T>(x, w, z, m, k, n, new Parallelism(1));
        FusedKernels.AddBiasAndActivate(activation, z, bias, a, rowMax, rowSum);

        var (fz, fa) = (new T[m * n], new T[m * n]);
        var (fMax, fSum) = (new T[m], new T[m]);
        FusedKernels.Forward<T>(activation, x, w, bias, fz, fa, m, k, new Parallelism(threads), default, fMax, fSum);
        // Sigmoid's and tanh's vectorised primitives give an element bits that depend on where the arrays lie (seen for
        // double: the same z, two output arrays, an ulp apart), so for them only the epilogue's own work, z, is compared.
        bool comparesA = activation is not (Sigmoid or Tanh);
        return Bits(z, fz) && (!comparesA || Bits(a, fa)) && Bits(rowMax, fMax) && Bits(rowSum, fSum);
    }

    // X with some rows of zeros, W, and a bias with −0, +0 and NaN among its entries.
    private static (T[] X, T[] W, T[] Bias) Operands<T>(int m, int k, int n, int seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = Rng.Create((ulong)seed);
        var (x, w, bias) = (new T[m * k], new T[n * k], new T[n]);
        rng.Fork(0).FillUniform<T>(x, -1, 1);
        rng.Fork(1).FillUniform<T>(w, -1, 1);
        rng.Fork(2).FillUniform<T>(bias, -1, 1);
        for (int r = 0; r < m; r += 7) x.AsSpan(r * k, k).Clear();
        for (int j = 0; j < n; j += 5) bias[j] = j % 3 == 0 ? T.NegativeZero : T.Zero;
        if (n > 3 && seed % 4 == 0) bias[3] = T.NaN;
        return (x, w, bias);
    }

    private static bool Bits<T>(T[] x, T[] y) where T : unmanaged =>
        MemoryMarshal.AsBytes(x.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(y.AsSpan()));
}
