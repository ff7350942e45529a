using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Support;

/// <summary>
/// The activations gelu, silu, softplus and the losses huber, mae, poisson, paired with each other and with the
/// earlier ones, for the calculus properties: random networks whose output layer uses an activation the loss accepts,
/// with cases near a kink (a residual at 0 or ±δ, softplus at its threshold) filtered out.
/// </summary>
internal static class ExtendedPairs
{
    /// <summary>Hidden activation × loss rows: the new activations under every loss, and every new loss under old and new activations.</summary>
    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var hidden in new[] { "gelu", "silu", "softplus" })
            foreach (var loss in new[] { "bce", "ce", "mse" })
                data.Add(hidden, loss);
        foreach (var hidden in new[] { "tanh", "gelu", "silu", "softplus" })
            foreach (var loss in new[] { "huber", "huber(0.3)", "mae", "poisson" })
                data.Add(hidden, loss);
        return data;
    }

    /// <summary>
    /// <see cref="RandomNetworks.Cases"/> (1–3 hidden layers of width 1–<paramref name="maxWidth"/>, an output the loss
    /// accepts) with count targets for poisson, at least <paramref name="kinkMargin"/> from any kink.
    /// </summary>
    public static Arbitrary<NetworkCase> Cases(Activation hidden, Loss loss, double kinkMargin, int maxWidth = 8) =>
        RandomNetworks.Cases(hidden, loss, kinkMargin, maxHidden: 3, maxWidth: maxWidth).Generator
            .Select(WithCounts)
            .Where(c => KinkDistance(c) >= kinkMargin && ModestRates(c))
            .ToArbitrary();

    // Poisson log-rates at most 4: unbounded hidden units (gelu, silu, softplus) can give e^z in the thousands, whose cost
    // rounding then swamps the finite differences of small gradient entries (not a fault of the gradient).
    private static bool ModestRates(NetworkCase c)
    {
        if (c.Architecture.Loss is not Poisson) return true;
        var outputs = Network.Predict(c.Architecture, c.Parameters, c.Batch.Features);
        return outputs.Span.ToArray().All(z => z <= 4);
    }

    // Poisson targets are counts: the normal draws become round(2y²) ∈ {0, 1, 2, …}.
    private static NetworkCase WithCounts(NetworkCase c)
    {
        if (c.Architecture.Loss is not Poisson) return c;
        var y = c.Batch.Targets.Span.ToArray().Select(v => Math.Round(2 * v * v)).ToArray();
        return c with { Batch = new Batch<double>(c.Batch.Features, Matrix<double>.Create(c.Batch.Count, c.Batch.Targets.Cols, y)) };
    }

    /// <summary>Distance to the nearest kink: hidden ReLU-like units, softplus inputs at its threshold, and residuals where ρ is not smooth.</summary>
    public static double KinkDistance(NetworkCase c)
    {
        double min = RandomNetworks.KinkDistance(c);
        var arch = c.Architecture;
        var pass = ForwardPass<double>.Run(arch, c.Parameters.Flat, c.Batch.Features.Span, c.Batch.Count, Parallelism.Default);
        for (int k = 0; k < arch.Layers.Length; k++)
            if (arch.Layers[k].Activation is Softplus)
                foreach (var z in pass.Z[k]) min = Math.Min(min, Math.Abs(z - Softplus.Threshold));
        var a = pass.Output;
        var y = c.Batch.Targets.Span;
        for (int i = 0; i < y.Length; i++)
        {
            double r = Math.Abs(a[i] - y[i]);
            if (arch.Loss is AbsoluteError) min = Math.Min(min, r);
            if (arch.Loss is Huber h) min = Math.Min(min, Math.Abs(r - h.Delta));
        }
        return min;
    }
}
