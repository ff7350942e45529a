using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FunctionalNet.Model;
using Architecture = FunctionalNet.Model.Architecture;
using FunctionalNet.Model.Activations;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// One block of <see cref="NarrowNetwork.BlockRows"/> rows through the whole network and back (the kernel of
/// <see cref="NarrowGradient{T}"/>). Every buffer is unit-major, [units × rows], so a register holds one unit of W
/// consecutive rows: the products become broadcast-weight FMAs, and an activation is one vectorised call over the whole
/// layer of the block. Rows past the batch's end are zero with weight 0, so they add exact zeros and need no branch.
/// </summary>
internal sealed class NarrowBlock<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int B = NarrowNetwork.BlockRows;
    private readonly Architecture architecture;
    private readonly int lanes;
    // act[k + 1] is the output of layer k (the block's input is read where NarrowRows keeps it).
    private readonly T[][] act;
    private readonly T[] delta, deltaPrevious;
    private T[] accumulators;
    private readonly NarrowOutput<T> output;

    public NarrowBlock(Architecture architecture, int lanes)
    {
        this.architecture = architecture;
        this.lanes = lanes;
        var layers = architecture.Layers;
        act = new T[layers.Length + 1][];
        act[0] = [];
        for (int k = 0; k < layers.Length; k++) act[k + 1] = new T[layers[k].Units * B];
        int widest = layers.Max(l => l.Units);
        delta = new T[widest * B];
        deltaPrevious = new T[widest * B];
        // One register of partial sums per parameter, laid out like θ.
        accumulators = new T[AccumulatorLength(architecture, lanes)];
        output = new NarrowOutput<T>(architecture);
    }

    /// <summary>Values in one set of accumulators: a register of partial sums per parameter.</summary>
    public static int AccumulatorLength(Architecture architecture, int lanes) => architecture.Layout.Count * lanes;

    /// <summary>
    /// Makes <paramref name="target"/> (<see cref="AccumulatorLength"/> values) the accumulators later blocks add to, so a
    /// chunk of rows can sum into a buffer of its own.
    /// </summary>
    public void Into(T[] target) => accumulators = target;

    /// <summary>Zeroes the gradient accumulators before a batch.</summary>
    public void Clear() => accumulators.AsSpan().Clear();

    /// <summary>
    /// Forward, loss delta and backward for block <paramref name="block"/> of <paramref name="rows"/>, adding its gradient
    /// terms to the accumulators; returns
    /// Σ weight · loss over its rows when <paramref name="withCost"/> (else 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Run<TV, TL>(ReadOnlySpan<T> parameters, NarrowRows<T> rows, int block, bool withCost)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        var slots = architecture.Layout.Slots;
        var layers = architecture.Layers;
        int last = slots.Length - 1;
        var x = rows.X.AsSpan(block * architecture.Inputs * B, architecture.Inputs * B);
        for (int k = 0; k < last; k++)
        {
            int kind = Kind(layers[k].Activation);
            Affine<TV, TL>(parameters, slots[k], k == 0 ? x : act[k], act[k + 1], kind);
            // tanh has no per-register runtime primitive (Vector512 has Exp and Log only): one call over the layer's block.
            if (kind == 2) Lanewise.Tanh<T>(act[k + 1], act[k + 1]);
        }
        Affine<TV, TL>(parameters, slots[last], last == 0 ? x : act[last], output.Logits, 0);
        output.Activate<TV, TL>(act[last + 1]);
        double cost = withCost ? output.Cost<TV, TL>(act[last + 1], rows, block) : 0;
        output.Delta<TV, TL>(act[last + 1], delta, rows, block);

        var dz = delta;
        var dzPrevious = deltaPrevious;
        for (int k = last; k >= 0; k--)
        {
            NarrowAccumulate<T>.Layer<TV, TL>(slots[k], dz, k == 0 ? x : act[k], accumulators);
            if (k == 0) break;
            BackThrough<TV, TL>(parameters, slots[k], Kind(layers[k - 1].Activation), dz, act[k], dzPrevious);
            (dz, dzPrevious) = (dzPrevious, dz);
        }
        return cost;
    }

    /// <summary>Writes every parameter's gradient: the lanes of its accumulator summed in the register's fixed order.</summary>
    public void Reduce(Span<T> gradient) => Reduce(accumulators, lanes, gradient);

    /// <summary>Writes every parameter's gradient from <paramref name="accumulators"/> of <paramref name="lanes"/> lanes each.</summary>
    public static void Reduce(T[] accumulators, int lanes, Span<T> gradient)
    {
        ref T a = ref MemoryMarshal.GetArrayDataReference(accumulators);
        for (int p = 0; p < gradient.Length; p++)
        {
            // A scalar sum in lane order: the same order on every run (the register width, fixed per machine, sets the lanes).
            T sum = T.Zero;
            for (int l = 0; l < lanes; l++) sum += Unsafe.Add(ref a, p * lanes + l);
            gradient[p] = sum;
        }
    }

    // out[j] = f(bias[j] + Σᵢ W[j, i] · in[i]) for four registers of rows at once: one broadcast weight feeds four
    // independent FMAs whose loads are constant offsets from one address (the block is a multiple of four registers).
    // Sigmoid and ReLU are applied in the register (kind 1 and 3); anything else is stored as z.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Affine<TV, TL>(ReadOnlySpan<T> parameters, LayerSlot s, ReadOnlySpan<T> input, T[] result, int kind)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        int w = TL.Count;
        nuint w1 = (nuint)w, w2 = 2 * w1, w3 = 3 * w1;
        ref T weights = ref MemoryMarshal.GetReference(parameters.Slice(s.WeightOffset, s.WeightCount));
        ref T bias = ref MemoryMarshal.GetReference(parameters.Slice(s.BiasOffset, s.Outputs));
        ref T a = ref MemoryMarshal.GetReference(input);
        ref T z = ref MemoryMarshal.GetArrayDataReference(result);
        for (int c = 0; c < B; c += 4 * w)
        {
            for (int j = 0; j < s.Outputs; j++)
            {
                TV s0 = TL.Broadcast(Unsafe.Add(ref bias, j)), s1 = s0, s2 = s0, s3 = s0;
                ref T wj = ref Unsafe.Add(ref weights, j * s.Inputs);
                for (int i = 0; i < s.Inputs; i++)
                {
                    TV wv = TL.Broadcast(Unsafe.Add(ref wj, i));
                    ref T ai = ref Unsafe.Add(ref a, i * B + c);
                    s0 = TL.MultiplyAdd(TL.Load(ref ai, 0), wv, s0);
                    s1 = TL.MultiplyAdd(TL.Load(ref ai, w1), wv, s1);
                    s2 = TL.MultiplyAdd(TL.Load(ref ai, w2), wv, s2);
                    s3 = TL.MultiplyAdd(TL.Load(ref ai, w3), wv, s3);
                }
                if (kind == 1)
                {
                    (s0, s1, s2, s3) = (Sigmoid<TV, TL>(s0), Sigmoid<TV, TL>(s1), Sigmoid<TV, TL>(s2), Sigmoid<TV, TL>(s3));
                }
                else if (kind == 3)
                {
                    (s0, s1, s2, s3) = (TL.Max(s0, TL.Zero), TL.Max(s1, TL.Zero), TL.Max(s2, TL.Zero), TL.Max(s3, TL.Zero));
                }
                ref T zj = ref Unsafe.Add(ref z, j * B + c);
                TL.Store(s0, ref zj, 0);
                TL.Store(s1, ref zj, w1);
                TL.Store(s2, ref zj, w2);
                TL.Store(s3, ref zj, w3);
            }
        }
    }

    /// <summary>1 / (1 + e^−z), as TensorPrimitives.Sigmoid computes it, in the register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Sigmoid<TV, TL>(TV z)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        TV one = TL.Broadcast(T.One);
        return TL.Divide(one, TL.Add(one, TL.Exp(TL.Subtract(TL.Zero, z))));
    }

    // δ_prev[i] = f′(a[i]) · Σ_j δ[j] W[j, i], f′ read from the layer's output a; four registers of rows at once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BackThrough<TV, TL>(ReadOnlySpan<T> parameters, LayerSlot s, int kind, T[] dz, T[] input, T[] dzPrevious)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        int w = TL.Count;
        nuint w1 = (nuint)w, w2 = 2 * w1, w3 = 3 * w1;
        ref T weights = ref MemoryMarshal.GetReference(parameters.Slice(s.WeightOffset, s.WeightCount));
        ref T d = ref MemoryMarshal.GetArrayDataReference(dz);
        ref T a = ref MemoryMarshal.GetArrayDataReference(input);
        ref T dp = ref MemoryMarshal.GetArrayDataReference(dzPrevious);
        for (int c = 0; c < B; c += 4 * w)
        {
            for (int i = 0; i < s.Inputs; i++)
            {
                TV s0 = TL.Zero, s1 = s0, s2 = s0, s3 = s0;
                for (int j = 0; j < s.Outputs; j++)
                {
                    TV wv = TL.Broadcast(Unsafe.Add(ref weights, j * s.Inputs + i));
                    ref T dj = ref Unsafe.Add(ref d, j * B + c);
                    s0 = TL.MultiplyAdd(TL.Load(ref dj, 0), wv, s0);
                    s1 = TL.MultiplyAdd(TL.Load(ref dj, w1), wv, s1);
                    s2 = TL.MultiplyAdd(TL.Load(ref dj, w2), wv, s2);
                    s3 = TL.MultiplyAdd(TL.Load(ref dj, w3), wv, s3);
                }
                ref T ai = ref Unsafe.Add(ref a, i * B + c);
                ref T di = ref Unsafe.Add(ref dp, i * B + c);
                TL.Store(TL.Multiply(Derivative<TV, TL>(kind, TL.Load(ref ai, 0)), s0), ref di, 0);
                TL.Store(TL.Multiply(Derivative<TV, TL>(kind, TL.Load(ref ai, w1)), s1), ref di, w1);
                TL.Store(TL.Multiply(Derivative<TV, TL>(kind, TL.Load(ref ai, w2)), s2), ref di, w2);
                TL.Store(TL.Multiply(Derivative<TV, TL>(kind, TL.Load(ref ai, w3)), s3), ref di, w3);
            }
        }
    }

    /// <summary>
    /// The elementwise activation as a small number, looked up once per layer so the inner loops branch on an integer
    /// (predictable) rather than test types: 0 identity, 1 sigmoid, 2 tanh, 3 ReLU.
    /// </summary>
    internal static int Kind(Activation activation) => activation switch
    {
        Model.Activations.Sigmoid => 1,
        Tanh => 2,
        Relu => 3,
        _ => 0,
    };

    /// <summary>f′ of an elementwise activation (<see cref="Kind"/>) from its output a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Derivative<TV, TL>(int kind, TV a)
        where TV : struct
        where TL : struct, IRowLanes<TV, T>
    {
        TV one = TL.Broadcast(T.One);
        return kind switch
        {
            1 => TL.Multiply(a, TL.Subtract(one, a)),
            2 => TL.Subtract(one, TL.Multiply(a, a)),
            3 => TL.Positive(a),
            _ => one,
        };
    }
}
