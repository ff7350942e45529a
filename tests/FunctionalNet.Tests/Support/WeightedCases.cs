using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Data;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Support;

/// <summary>Random networks of every activation × loss pair, and sample weights for their batches.</summary>
internal static class WeightedCases
{
    private static readonly (string Hidden, string Loss)[] Pairs =
        [.. ActivationLossPairs.All().Select(row => ((string)row[0], (string)row[1]))];

    /// <summary>A random case of a random activation × loss pair (small, so four-point differences stay cheap).</summary>
    public static Gen<NetworkCase> AnyPair(double kinkMargin = 5e-3, int maxHidden = 4, int maxWidth = 12) =>
        from pair in Gen.Elements(Pairs)
        from c in RandomNetworks.Cases(ActivationLossPairs.Resolve(pair.Hidden), Loss.Parse(pair.Loss)!, kinkMargin, maxHidden, maxWidth).Generator
        select c;

    /// <summary>The case's batch with weights from its seed: uniform in [0, 3), about one in five exactly 0.</summary>
    public static NetworkCase Weighted(NetworkCase c) => With(c, Draw(c.Batch.Count, c.Seed));

    /// <summary>The case's batch with the given weights.</summary>
    public static NetworkCase With(NetworkCase c, double[] weights) =>
        c with { Batch = new Batch<double>(c.Batch.Features, c.Batch.Targets, Matrix<double>.Create(weights.Length, 1, weights)) };

    /// <summary>Weights uniform in [0, 3), about one in five exactly 0.</summary>
    public static double[] Draw(int count, int seed)
    {
        var rng = Rng.Create((ulong)seed).Fork(40);
        return [.. Enumerable.Range(0, count).Select(i => rng.Uniform((ulong)i) < 0.2 ? 0 : 3 * rng.Fork(1).Uniform((ulong)i))];
    }

    /// <summary>Bits of every entry, for bit-for-bit comparisons.</summary>
    public static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }
}
