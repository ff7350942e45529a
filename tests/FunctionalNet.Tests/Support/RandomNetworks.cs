using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Support;

/// <summary>A random network, parameters and batch: the unit of the calculus properties.</summary>
internal sealed record NetworkCase(Architecture Architecture, Parameters<double> Parameters, Batch<double> Batch, int Seed)
{
    public override string ToString() =>
        $"{Architecture} on {Batch.Count} sample(s), seed {Seed}";
}

/// <summary>FsCheck generators for random architectures (1–4 hidden layers of width 1–12), parameters and batches.</summary>
internal static class RandomNetworks
{
    /// <summary>Output activations each loss is tried with (squared error accepts any, huber and mae any elementwise one).</summary>
    public static Activation[] OutputsFor(Loss loss) => loss switch
    {
        BinaryCrossEntropy => [Activation.Sigmoid],
        CrossEntropy => [Activation.Softmax],
        Poisson => [Activation.Identity],
        ResidualLoss => [Activation.Identity, Activation.Gelu, Activation.Silu, Activation.Softplus, Activation.Tanh],
        _ => [Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Softmax, Activation.Elu(1.5)],
    };

    /// <summary>Random cases with the given hidden activation and loss; cases whose kinked units sit within
    /// <paramref name="kinkMargin"/> of the kink are filtered out, since no finite difference is valid there.</summary>
    public static Arbitrary<NetworkCase> Cases(Activation hidden, Loss loss, double kinkMargin = 5e-3, int maxHidden = 4, int maxWidth = 12) =>
        (from hiddenCount in Gen.Choose(1, maxHidden)
         from w1 in Gen.Choose(1, maxWidth)
         from w2 in Gen.Choose(1, maxWidth)
         from w3 in Gen.Choose(1, maxWidth)
         from w4 in Gen.Choose(1, maxWidth)
         from inputs in Gen.Choose(1, 6)
         from outputs in Gen.Choose(1, 5)
         from rows in Gen.Choose(1, 6)
         from output in Gen.Elements(OutputsFor(loss))
         from withL2 in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         select Build(hidden, output, loss, inputs, new[] { w1, w2, w3, w4 }[..hiddenCount], outputs, rows, withL2, seed))
        .Where(c => KinkDistance(c) >= kinkMargin)
        .ToArbitrary();

    /// <summary>A case built deterministically from its shape and seed.</summary>
    public static NetworkCase Build(Activation hidden, Activation output, Loss loss, int inputs, int[] widths, int outputs,
        int rows, bool withL2, int seed)
    {
        var rng = Rng.Create((ulong)seed);
        double lambda = withL2 ? 2 * rng.Fork(9).Uniform(0) : 0;
        var layers = widths.Select(w => new Layer(w, hidden)).Append(new Layer(outputs, output));
        var arch = Architecture.Create(inputs, layers, loss, lambda)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));

        var theta = new double[arch.Layout.Count];
        foreach (var (slot, k) in arch.Layout.Slots.Select((s, k) => (s, k)))
            rng.Fork(10 + (ulong)k).FillNormal<double>(theta.AsSpan(slot.WeightOffset, slot.BiasOffset + slot.Outputs - slot.WeightOffset),
                0, 1.5 / Math.Sqrt(slot.Inputs));
        var x = new double[rows * inputs];
        rng.Fork(1).FillNormal<double>(x, 0, 1.5);
        var y = Targets(loss, rng.Fork(2), rows, outputs, seed % 2 == 0);
        return new NetworkCase(arch, Parameters<double>.FromFlat(arch.Layout, theta),
            new Batch<double>(Matrix<double>.Create(rows, inputs, x), Matrix<double>.Create(rows, outputs, y)), seed);
    }

    private static double[] Targets(Loss loss, Rng rng, int rows, int outputs, bool soft)
    {
        var y = new double[rows * outputs];
        switch (loss)
        {
            case BinaryCrossEntropy: // multi-label 0/1 targets
                for (int i = 0; i < y.Length; i++) y[i] = rng.Uniform((ulong)i) < 0.5 ? 0 : 1;
                break;
            case CrossEntropy when soft: // a probability distribution per row
                rng.FillUniform<double>(y, 0, 1);
                for (int r = 0; r < rows; r++)
                {
                    var row = y.AsSpan(r * outputs, outputs);
                    double sum = 0;
                    foreach (var v in row) sum += v;
                    for (int k = 0; k < outputs; k++) row[k] /= sum;
                }
                break;
            case CrossEntropy: // one-hot
                for (int r = 0; r < rows; r++) y[r * outputs + rng.NextInt((ulong)r, outputs)] = 1;
                break;
            default:
                rng.FillNormal<double>(y, 0, 1);
                break;
        }
        return y;
    }

    /// <summary>
    /// Smallest |z| over units whose activation has a kink (ReLU, leaky ReLU, ELU); ∞ when there are none. With
    /// <paramref name="dropout"/>, of the pass under its masks (whose later layers see dropped inputs).
    /// </summary>
    public static double KinkDistance(NetworkCase c, DropoutDraw? dropout = null)
    {
        var pass = ForwardPass<double>.Run(c.Architecture, c.Parameters.Flat, c.Batch.Features.Span, c.Batch.Count, Parallelism.Default);
        if (dropout is { } draw) pass.Rerun(c.Parameters.Flat, c.Batch.Features.Span, c.Batch.Count, draw);
        double min = double.PositiveInfinity;
        for (int k = 0; k < c.Architecture.Layers.Length; k++)
            if (c.Architecture.Layers[k].Activation is Relu or LeakyRelu or Elu)
                foreach (var z in pass.Z[k]) min = Math.Min(min, Math.Abs(z));
        return min;
    }
}
