using System.Numerics;

namespace FunctionalNet.Model;

/// <summary>How a scheme draws a layer's numbers.</summary>
public enum Distribution
{
    /// <summary>Uniform on [−scale, scale).</summary>
    Uniform,

    /// <summary>Normal with mean 0 and standard deviation scale.</summary>
    Normal,
}

/// <summary>
/// A weight-initialisation scheme: a distribution whose scale depends on the layer's fan-in and fan-out, and
/// whether biases are drawn from it too (otherwise they start at zero).
/// </summary>
/// <param name="Name">Name used on the command line and in model cards.</param>
/// <param name="Distribution">Uniform or normal.</param>
/// <param name="Scale">Half-width (uniform) or standard deviation (normal) as a function of (fanIn, fanOut).</param>
/// <param name="DrawBiases">True when biases are drawn like the weights (the tutorials' Θ includes the bias column).</param>
public sealed record Initializer(string Name, Distribution Distribution, Func<int, int, double> Scale, bool DrawBiases)
{
    /// <summary>Uniform ±√6/√(in+out), biases too (tutorial 000; the moons-gd workload).</summary>
    public static Initializer UniformEpsilon { get; } = new("epsilon", Distribution.Uniform, (i, o) => Math.Sqrt(6.0) / Math.Sqrt(i + o), true);

    /// <summary>
    /// Tutorial 000's code, <c>(rand − 0.5)·√6/√(in+out+1)</c>: uniform ±√6/(2√(in+out+1)), biases too. Its text
    /// says ±√6/√(in+out) (<see cref="UniformEpsilon"/>); the code draws half that width, which keeps the moons
    /// network on its plateau (a nearly straight boundary) after 1000 iterations.
    /// </summary>
    public static Initializer TutorialEpsilon { get; } = new("epsilon-tutorial", Distribution.Uniform, (i, o) => Math.Sqrt(6.0) / Math.Sqrt(i + o + 1) / 2, true);

    /// <summary>Uniform ±0.25, biases too (tutorial 003).</summary>
    public static Initializer UniformQuarter { get; } = Uniform(0.25);

    /// <summary>Xavier/Glorot uniform ±√(6/(in+out)), biases zero (tutorial 004).</summary>
    public static Initializer Xavier { get; } = new("xavier", Distribution.Uniform, (i, o) => Math.Sqrt(6.0 / (i + o)), false);

    /// <summary>Normal with standard deviation 1/√in, biases zero (tutorial 002's randn/√in).</summary>
    public static Initializer ScaledNormal { get; } = new("scaled-normal", Distribution.Normal, (i, _) => 1.0 / Math.Sqrt(i), false);

    /// <summary>He normal: standard deviation √(2/in), biases zero (for ReLU networks).</summary>
    public static Initializer HeNormal { get; } = new("he", Distribution.Normal, (i, _) => Math.Sqrt(2.0 / i), false);

    /// <summary>Uniform ±<paramref name="range"/> for weights and biases.</summary>
    public static Initializer Uniform(double range) =>
        new(FormattableString.Invariant($"uniform({range})"), Distribution.Uniform, (_, _) => range, true);

    /// <summary>Looks a scheme up by name: epsilon, epsilon-tutorial, uniform (±0.25), uniform(r), xavier, scaled-normal, he.</summary>
    public static Initializer? Parse(string name)
    {
        string s = name.Trim().ToLowerInvariant();
        if (s.StartsWith("uniform(", StringComparison.Ordinal) && s.EndsWith(')') &&
            double.TryParse(s[8..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) && r > 0)
            return Uniform(r);
        return s switch
        {
            "epsilon" or "uniform-epsilon" => UniformEpsilon,
            "epsilon-tutorial" => TutorialEpsilon,
            "uniform" or "uniform-0.25" => UniformQuarter,
            "xavier" or "glorot" => Xavier,
            "scaled-normal" or "normal" => ScaledNormal,
            "he" or "he-normal" => HeNormal,
            _ => null,
        };
    }

    /// <summary>
    /// Fresh parameters for <paramref name="architecture"/>. Layer k's weights use <c>rng.Fork(2k)</c> and its
    /// biases <c>rng.Fork(2k+1)</c>, so the numbers depend only on the seed, never on the precision or machine.
    /// </summary>
    public Parameters<T> Initialize<T>(Architecture architecture, Rng rng) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var layout = architecture.Layout;
        var flat = new T[layout.Count];
        for (int k = 0; k < layout.Slots.Length; k++)
        {
            var slot = layout.Slots[k];
            double scale = Scale(slot.Inputs, slot.Outputs);
            Draw(rng.Fork(2 * (ulong)k), flat.AsSpan(slot.WeightOffset, slot.WeightCount), scale);
            if (DrawBiases) Draw(rng.Fork(2 * (ulong)k + 1), flat.AsSpan(slot.BiasOffset, slot.Outputs), scale);
        }
        return Parameters<T>.Own(layout, flat);
    }

    private void Draw<T>(Rng rng, Span<T> destination, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Distribution == Distribution.Uniform) rng.FillUniform(destination, -scale, scale);
        else rng.FillNormal(destination, 0.0, scale);
    }
}
