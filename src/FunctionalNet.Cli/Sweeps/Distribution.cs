using System.Collections.Immutable;
using System.Globalization;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// What a random search draws one key's value from: <c>choice(a|b|…)</c> (or a plain <c>a|b</c>), <c>uniform(lo,hi)</c>,
/// <c>loguniform(lo,hi)</c> (uniform in log space, 0 &lt; lo) or <c>int(lo,hi)</c> (an integer, both ends included).
/// </summary>
internal abstract record Distribution
{
    /// <summary>The value for draw <paramref name="rng"/>, as the option's argument.</summary>
    public abstract string Draw(Rng rng);

    /// <summary>One of the listed values, each as likely.</summary>
    public sealed record Choice(ImmutableArray<string> Values) : Distribution
    {
        public override string Draw(Rng rng) => Values[rng.NextInt(0, Values.Length)];

        public override string ToString() => $"choice({string.Join('|', Values)})";
    }

    /// <summary>A real number uniform in [Low, High), or log-uniform when <see cref="Log"/>.</summary>
    public sealed record Real(double Low, double High, bool Log) : Distribution
    {
        // Six significant digits: readable in the table, and the written value is the one trained with.
        public override string Draw(Rng rng)
        {
            double u = rng.Uniform(0);
            double value = Log ? Math.Exp(Math.Log(Low) + u * (Math.Log(High) - Math.Log(Low))) : Low + u * (High - Low);
            return Math.Clamp(value, Low, High).ToString("G6", CultureInfo.InvariantCulture);
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Log ? "loguniform" : "uniform")}({Low:R},{High:R})");
    }

    /// <summary>An integer in [Low, High] (32-bit ends), each as likely.</summary>
    public sealed record Integer(long Low, long High) : Distribution
    {
        // The high half of a 64×64 product: uniform in range (the ends are 32-bit, so the span fits in 64 bits).
        public override string Draw(Rng rng) =>
            (Low + (long)Math.BigMul(rng.Bits(0), (ulong)(High - Low + 1), out _)).ToString(CultureInfo.InvariantCulture);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"int({Low},{High})");
    }
}
