using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// Elementwise steps over a whole [rows × units] buffer in as few sweeps as possible. A row's bits must not depend
/// on the batch length: the vectorised primitives pick their code path (widest vector, narrower vector, scalar) from
/// the span length, so every call here is made with at least one widest vector's worth of elements (short buffers
/// go through a padded scratch vector), and every element then goes through the same widest-vector code.
/// </summary>
internal static class FusedKernels
{
    /// <summary>
    /// z[r] += bias, then a[r] = f(z[r]), for every row r of the [rows × bias.Length] buffers; a softmax given
    /// <paramref name="rowSum"/> keeps each row's max and Σ e^{z − max} there (<see cref="RowSoftmax.Forward{T}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBiasAndActivate<T>(Activation activation, Span<T> z, ReadOnlySpan<T> bias, Span<T> a,
        Span<T> rowMax = default, Span<T> rowSum = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = bias.Length;
        if (FusesRelu(activation, n))
        {
            BiasRelu.Run(z, bias, a);
            return;
        }
        AddBias(z, bias);
        Activate(activation, z, a, n, rowMax, rowSum);
    }

    /// <summary>
    /// A layer's forward step: z = input · weightsᵀ + bias, then a = f(z), as the product followed by
    /// <see cref="AddBiasAndActivate{T}"/>, bit for bit. The bias (and a ReLU) is finished in the product's epilogue when the
    /// product takes the blocked kernel (<see cref="Gemm.MultiplyTransposedBAddBias{T}"/>), saving sweeps over z.
    /// </summary>
    public static void Forward<T>(Activation activation, ReadOnlySpan<T> input, ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, Span<T> z, Span<T> a,
        int rows, int inputs, Parallelism parallelism, GemmPanels<T> readyInput = default, Span<T> rowMax = default, Span<T> rowSum = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = bias.Length;
        bool relu = FusesRelu(activation, n);
        if (!Gemm.MultiplyTransposedBAddBias(input, weights, bias, z, relu ? a : default, rows, inputs, n, parallelism, readyInput))
            AddBiasAndActivate(activation, z, bias, a, rowMax, rowSum);
        else if (!relu)
            Activate(activation, z, a, n, rowMax, rowSum);
    }

    // ReLU over rows of at least 16 takes BiasRelu's one sweep (its select has the bits of Relu's maximum).
    private static bool FusesRelu(Activation activation, int width) => activation is Relu && width >= 16;

    /// <summary>z[r] += bias for every row r of the [rows × bias.Length] buffer.</summary>
    public static void AddBias<T>(Span<T> z, ReadOnlySpan<T> bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = bias.Length;
        // Additions round exactly whichever path computes them, so the bias needs no padding.
        if (n >= 16)
        {
            for (int r = 0; r + n <= z.Length; r += n) TensorPrimitives.Add(z.Slice(r, n), bias, z.Slice(r, n));
        }
        else AddNarrowBias(z, bias);
    }

    // a = f(z) over rows `width` wide, z already biased.
    private static void Activate<T>(Activation activation, Span<T> z, Span<T> a, int width, Span<T> rowMax, Span<T> rowSum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Row-wise activations (softmax) reduce over rows, so they get every row in one call and pad nothing.
        if (activation is Softmax && !rowSum.IsEmpty) RowSoftmax.Forward<T>(z, a, width, rowMax, rowSum);
        else if (activation is not ElementwiseActivation) activation.Forward<T>(z, a, width);
        else Apply(activation, z, a, width);
    }

    // Rows narrower than a vector (ten classes): the bias repeated over `lanes` rows is added a vector at a time, whole
    // rows first and the rest one element at a time; an addition rounds the same in a vector as alone.
    private static void AddNarrowBias<T>(Span<T> z, ReadOnlySpan<T> bias) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = bias.Length, lanes = Vector<T>.Count, period = n * lanes, i = 0;
        if (Vector.IsHardwareAccelerated && z.Length >= period)
        {
            Span<T> pattern = stackalloc T[period];
            for (int p = 0; p < period; p++) pattern[p] = bias[p % n];
            for (; i + period <= z.Length; i += period)
                for (int v = 0; v < period; v += lanes)
                    (new Vector<T>(z[(i + v)..]) + new Vector<T>(pattern[v..])).CopyTo(z[(i + v)..]);
        }
        for (; i + n <= z.Length; i += n)
            for (int j = 0; j < n; j++) z[i + j] += bias[j];
    }

    // The widest vector any path might use, in elements: 64 bytes (512 bits).
    private static void Apply<T>(Activation activation, Span<T> z, Span<T> a, int width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int widest = 64 / Unsafe.SizeOf<T>();
        if (z.Length >= widest)
        {
            activation.Forward<T>(z, a, width);
            return;
        }
        Span<T> scratch = stackalloc T[widest];
        scratch.Clear();
        z.CopyTo(scratch);
        activation.Forward<T>(scratch, scratch, width);
        scratch[..z.Length].CopyTo(a);
    }

    /// <summary>
    /// dz = f′(z) ⊙ δ in one sweep for ReLU, sigmoid and tanh (other activations fall back to their own
    /// <see cref="Activation.Backward{T}"/>). The products are formed in the same order as the activations' own
    /// derivative-then-multiply code, so the bits are identical; <paramref name="dz"/> may alias <paramref name="delta"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(Activation activation, ReadOnlySpan<T> z, ReadOnlySpan<T> a, ReadOnlySpan<T> delta, Span<T> dz, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (activation)
        {
            case Relu:
                BackwardRelu(a, delta, dz);
                return;
            case Sigmoid:
                BackwardSigmoid(a, delta, dz);
                return;
            case Tanh:
                BackwardTanh(a, delta, dz);
                return;
            default:
                activation.Backward(z, a, delta, dz, width);
                return;
        }
    }

    // δ · (a > 0 ? 1 : 0): multiplying by the 0/1 mask (not selecting) keeps −0 and NaN exactly as Relu.Backward does.
    private static void BackwardRelu<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> delta, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<T>.One;
            for (; i + Vector<T>.Count <= dz.Length; i += Vector<T>.Count)
            {
                var mask = Vector.ConditionalSelect(Vector.GreaterThan(new Vector<T>(a[i..]), Vector<T>.Zero), one, Vector<T>.Zero);
                (mask * new Vector<T>(delta[i..])).CopyTo(dz[i..]);
            }
        }
        for (; i < dz.Length; i++) dz[i] = (a[i] > T.Zero ? T.One : T.Zero) * delta[i];
    }

    // (a · (1 − a)) · δ, as Sigmoid's derivative then the product.
    private static void BackwardSigmoid<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> delta, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= dz.Length; i += Vector<T>.Count)
            {
                var ai = new Vector<T>(a[i..]);
                (ai * (Vector<T>.One - ai) * new Vector<T>(delta[i..])).CopyTo(dz[i..]);
            }
        }
        for (; i < dz.Length; i++) dz[i] = a[i] * (T.One - a[i]) * delta[i];
    }

    // (1 − a·a) · δ, as Tanh's derivative then the product.
    private static void BackwardTanh<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> delta, Span<T> dz) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<T>.Count <= dz.Length; i += Vector<T>.Count)
            {
                var ai = new Vector<T>(a[i..]);
                ((Vector<T>.One - ai * ai) * new Vector<T>(delta[i..])).CopyTo(dz[i..]);
            }
        }
        for (; i < dz.Length; i++) dz[i] = (T.One - a[i] * a[i]) * delta[i];
    }
}
