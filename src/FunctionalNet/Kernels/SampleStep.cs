using System.Numerics;
using System.Runtime.Intrinsics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

namespace FunctionalNet.Kernels;

/// <summary>
/// The one-sample plain-SGD step of <see cref="FirstOrderRun"/>, fused: the forward products run as vector rows over a
/// transposed copy of each weight matrix (Wᵀ, [in × out padded to a vector]), and the backward pass applies
/// θ −= η·(δ ⊗ a + λW) to Wᵀ row by row (<see cref="RankOneUpdate"/>) — and to W itself for the layers above the first,
/// whose rows give δ·W just before they change — so the gradient is never materialised and the first layer's weights,
/// the bulk of θ, are touched twice per step (read by the forward pass, stepped in place by the update) in Wᵀ alone; the
/// copies cost one more θ of memory per run. θ's first-layer block is written from Wᵀ by
/// <see cref="Flush"/> before anything reads θ. Every element is rounded as the generic path (backpropagation, then the
/// rule) rounds it, so the bits are the same; only the time differs.
/// </summary>
/// <remarks>
/// Used exactly when <see cref="Supports"/> holds: one row per step (<see cref="Batching.WithReplacement"/>, or shuffled
/// batches of one), a rule that only scales by the learning rate (<see cref="Rules.Sgd"/>,
/// <see cref="Rules.ScaleByLearningRate"/>, constant or scheduled, with or without a plateau multiplier, with or without
/// the architecture's L2 term), no dropout, no sample weights, float or double. Everything else takes the generic path.
/// </remarks>
internal sealed class SampleStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Architecture architecture;
    private readonly Batch<T> data;
    private readonly T[] theta;
    private readonly RuleRun<T> rule;
    private readonly int[] pads;
    private readonly T[][] transposed;
    private readonly T[][] z;
    private readonly T[][] a;
    private readonly T[][] delta;
    private readonly T[] product;
    private int row;
    // The row whose first-layer product z[0] the last step already formed with the stepped weights (−1: none).
    private int formed = -1;
    // θ's first-layer weights lag Wᵀ after a step until the next Flush.
    private bool stale;

    private SampleStep(Architecture architecture, Batch<T> data, T[] theta, RuleRun<T> rule)
    {
        this.architecture = architecture;
        this.data = data;
        this.theta = theta;
        this.rule = rule;
        var slots = architecture.Layout.Slots;
        int width = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256.IsHardwareAccelerated ? Vector256<T>.Count : 1;
        pads = slots.Select(s => (s.Outputs + width - 1) / width * width).ToArray();
        transposed = new T[slots.Length][];
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            transposed[k] = new T[s.Inputs * pads[k]];
            for (int o = 0; o < s.Outputs; o++)
                for (int i = 0; i < s.Inputs; i++)
                    transposed[k][i * pads[k] + o] = theta[s.WeightOffset + o * s.Inputs + i];
        }
        // z and δ are padded like Wᵀ's rows; their padding stays zero, so Wᵀ's padding does too.
        z = pads.Select(p => new T[p]).ToArray();
        delta = pads.Select(p => new T[p]).ToArray();
        a = slots.Select(s => new T[s.Outputs]).ToArray();
        product = new T[slots.Max(s => s.Outputs)];
    }

    /// <summary>Whether a run with these settings takes the fused step (the selection rule in the remarks).</summary>
    public static bool Supports(Batching batching, int rows, bool ruleScalesOnly, bool dropout, bool weighted) =>
        batching is not Batching.FullBatch && rows == 1 && ruleScalesOnly && !dropout && !weighted
        && (typeof(T) == typeof(double) || typeof(T) == typeof(float));

    /// <summary>The fused step for a run over <paramref name="theta"/>, or null when the run must take the generic path.</summary>
    public static SampleStep<T>? For(Architecture architecture, Batch<T> data, T[] theta, RuleRun<T> rule, TrainingOptions options, int rows) =>
        Supports(options.Batching, rows, rule.ScalesOnly, options.Dropout is not null, data.Weights is not null)
            ? new SampleStep<T>(architecture, data, theta, rule)
            : null;

    /// <summary>The network's output for the row of the last <see cref="Forward"/>.</summary>
    public ReadOnlySpan<T> Output => a[^1];

    /// <summary>Runs the network on training row <paramref name="sample"/> at θ; returns its cost when asked (else NaN).</summary>
    public double Forward(int sample, bool withCost)
    {
        row = sample;
        var slots = architecture.Layout.Slots;
        var x = Features;
        bool firstFormed = formed == sample;
        formed = -1;
        for (int k = 0; k < slots.Length; k++)
        {
            var s = slots[k];
            if (k > 0 || !firstFormed) Multiply(k == 0 ? x : a[k - 1], transposed[k], z[k], s.Inputs, pads[k]);
            FusedKernels.AddBiasAndActivate(architecture.Layers[k].Activation, z[k].AsSpan(0, s.Outputs), theta.AsSpan(s.BiasOffset, s.Outputs), a[k]);
        }
        if (!withCost) return double.NaN;
        if (architecture.Lambda != 0) Flush();
        // Network.CostOf for one unweighted row: the mean over one row is the row's loss.
        double loss = architecture.Loss.Sum<T>(architecture.Output.Activation, z[^1].AsSpan(0, architecture.Outputs), a[^1], Targets, architecture.Outputs);
        return architecture.Lambda != 0 ? loss + architecture.Lambda / 2.0 * Network.SumOfSquaredWeights(architecture.Layout, theta) : loss;
    }

    /// <summary>
    /// θ ← θ − η_t·multiplier·∇J at the row of the last <see cref="Forward"/>, advancing the rule one step. When the
    /// next step's training row <paramref name="next"/> is known (≥ 0), its first-layer product is formed while the
    /// first layer is stepped, so the next <see cref="Forward"/> of that row reads Wᵀ once less (same bits).
    /// </summary>
    public void Step(double multiplier, int next = -1)
    {
        var slots = architecture.Layout.Slots;
        int last = slots.Length - 1;
        var coefficients = new RankOneUpdate.Coefficients<T>(T.CreateTruncating(architecture.Lambda), rule.NextScale(),
            multiplier == 1 ? null : T.CreateTruncating(multiplier));
        var dz = delta[last].AsSpan(0, slots[last].Outputs);
        architecture.Loss.Delta<T>(architecture.Output.Activation, z[last].AsSpan(0, slots[last].Outputs), a[last], Targets, dz, slots[last].Outputs);
        SampleWeights.ScaleRows<T>(dz, default, 1, slots[last].Outputs);
        var x = Features;
        stale = true;
        for (int k = last; k >= 0; k--)
        {
            var s = slots[k];
            var input = k == 0 ? x : a[k - 1];
            var d = delta[k];
            var p = k == 0 ? default : product.AsSpan(0, s.Inputs);
            p.Clear();
            if (k > 0) RankOneUpdate.Apply<T>(theta.AsSpan(s.WeightOffset, s.WeightCount), s.Outputs, s.Inputs, s.Inputs, d, input, p, coefficients);
            if (k == 0 && next >= 0 && Vector256.IsHardwareAccelerated)
            {
                RankOneUpdate.ApplyThenMultiply<T>(transposed[0], s.Inputs, pads[0], pads[0], input, d, coefficients, FeaturesOf(next), z[0]);
                formed = next;
            }
            else RankOneUpdate.Apply<T>(transposed[k], s.Inputs, pads[k], pads[k], input, d, default, coefficients);
            StepBiases(theta.AsSpan(s.BiasOffset, s.Outputs), d, coefficients);
            if (k == 0) break;
            FusedKernels.Backward(architecture.Layers[k - 1].Activation, z[k - 1].AsSpan(0, s.Inputs), a[k - 1], p, delta[k - 1].AsSpan(0, s.Inputs), s.Inputs);
        }
    }

    /// <summary>Writes θ's first-layer weights from Wᵀ (the same values), so θ is current for a cost, a check or a snapshot.</summary>
    public void Flush()
    {
        if (!stale) return;
        var s = architecture.Layout.Slots[0];
        var w = theta.AsSpan(s.WeightOffset, s.WeightCount);
        var wt = transposed[0];
        int pad = pads[0];
        for (int o = 0; o < s.Outputs; o++)
            for (int i = 0; i < s.Inputs; i++)
                w[o * s.Inputs + i] = wt[i * pad + o];
        stale = false;
    }

    private ReadOnlySpan<T> Features => FeaturesOf(row);

    private ReadOnlySpan<T> FeaturesOf(int sample) => data.Features.Span.Slice(sample * architecture.Inputs, architecture.Inputs);

    private ReadOnlySpan<T> Targets => data.Targets.Span.Slice(row * architecture.Outputs, architecture.Outputs);

    // The bias gradient is δ summed over the one row from zero, as Gemm.SumRows forms it; biases take no L2 term.
    // Elementwise, so vectors round each bias as a scalar loop does (no contraction into fused multiply-adds); the last,
    // partial vector is stepped in zero-padded copies, so one loop serves every width.
    private static void StepBiases(Span<T> bias, ReadOnlySpan<T> d, RankOneUpdate.Coefficients<T> c)
    {
        int count = Vector<T>.Count;
        bool multiplied = c.Multiplier is not null;
        var scale = new Vector<T>(c.Scale);
        var mv = new Vector<T>(c.Multiplier ?? T.One);
        Span<T> tail = stackalloc T[2 * count];
        for (int o = 0; o < bias.Length; o += count)
        {
            int n = Math.Min(count, bias.Length - o);
            bool partial = n < count;
            if (partial)
            {
                tail.Clear();
                bias.Slice(o, n).CopyTo(tail);
                d.Slice(o, n).CopyTo(tail[count..]);
            }
            var b = partial ? new Vector<T>(tail) : new Vector<T>(bias[o..]);
            var g = Vector<T>.Zero + (partial ? new Vector<T>(tail[count..]) : new Vector<T>(d[o..]));
            var stepped = multiplied ? b + g * scale * mv : b + g * scale;
            if (!partial) stepped.CopyTo(bias[o..]);
            else
            {
                stepped.CopyTo(tail);
                tail[..n].CopyTo(bias.Slice(o, n));
            }
        }
    }

    // z[0..pad) = x · Wᵀ as one fused multiply-add chain per output from zero, vectors along Wᵀ's contiguous rows.
    private static unsafe void Multiply(ReadOnlySpan<T> x, ReadOnlySpan<T> wt, Span<T> result, int k, int n)
    {
        if (Vector512.IsHardwareAccelerated) RowTimesMatrix.Run<T, Vector512<T>, Lanes512<T>>(x, wt, result, k, n);
        else if (Vector256.IsHardwareAccelerated) RowTimesMatrix.Run<T, Vector256<T>, Lanes256<T>>(x, wt, result, k, n);
        else
        {
            fixed (T* px = x, pw = wt, pz = result)
                GemmDirect.Scalar(GemmOperand<T>.RowMajor(px, k), GemmOperand<T>.RowMajor(pw, n), pz, n, 1, k, n);
        }
    }
}
