using System.Globalization;

namespace FunctionalNet.Optimization.UpdateRules;

/// <summary>
/// One numeric parameter as catalogs, help texts, grids and model cards describe it — of a rule, a schedule, or an
/// activation, loss or initializer in <see cref="Catalog"/>: its name (as in error codes, <c>adam.beta1</c>), default,
/// valid range, whether it is a whole number, and a line of help.
/// </summary>
/// <param name="Name">The name, lower case with hyphens (<c>weight-decay</c>).</param>
/// <param name="Default">The value used when none is given.</param>
/// <param name="Range">The values accepted.</param>
/// <param name="Help">What it does, in a short line.</param>
/// <param name="IsInteger">Whether only whole numbers are accepted (epochs, patience).</param>
public sealed record HyperParameter(string Name, double Default, ParameterRange Range, string Help, bool IsInteger = false)
{
    /// <summary>A parameter that must be finite and &gt; 0.</summary>
    public static HyperParameter Positive(string name, double @default, string help) => new(name, @default, ParameterRange.Positive, help);

    /// <summary>Whether <paramref name="value"/> is accepted: inside <see cref="Range"/> and whole when <see cref="IsInteger"/>.</summary>
    public bool Accepts(double value) => Range.Contains(value) && (!IsInteger || double.IsInteger(value));

    /// <summary>The error for <paramref name="value"/> given to <paramref name="owner"/> (code <c>owner.name</c>), or null when it is accepted.</summary>
    public Error? Problem(string owner, double value) => Accepts(value) ? null
        : new Error($"{owner}.{Name}", $"{owner}: {Name} must be {(IsInteger ? "a whole number " : "")}in {Range}, found {value.ToString("R", CultureInfo.InvariantCulture)}");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} = {Default.ToString("R", CultureInfo.InvariantCulture)} in {Range}";
}

/// <summary>An interval of finite numbers (an infinite end only bounds it), each end included or not.</summary>
/// <param name="Lower">The lower end (−∞ for none).</param>
/// <param name="Upper">The upper end (+∞ for none).</param>
/// <param name="LowerIncluded">Whether <see cref="Lower"/> itself is accepted.</param>
/// <param name="UpperIncluded">Whether <see cref="Upper"/> itself is accepted.</param>
public readonly record struct ParameterRange(double Lower, double Upper, bool LowerIncluded, bool UpperIncluded)
{
    /// <summary>(0, ∞).</summary>
    public static ParameterRange Positive { get; } = new(0, double.PositiveInfinity, false, false);

    /// <summary>[0, ∞).</summary>
    public static ParameterRange NonNegative { get; } = new(0, double.PositiveInfinity, true, false);

    /// <summary>[1, ∞): counts of epochs or steps.</summary>
    public static ParameterRange AtLeastOne { get; } = new(1, double.PositiveInfinity, true, false);

    /// <summary>Whether <paramref name="value"/> is finite and inside.</summary>
    public bool Contains(double value) => double.IsFinite(value)
        && (LowerIncluded ? value >= Lower : value > Lower) && (UpperIncluded ? value <= Upper : value < Upper);

    /// <summary>Interval notation, e.g. <c>[0, 1)</c> or <c>(0, ∞)</c>.</summary>
    public override string ToString() => $"{(LowerIncluded ? '[' : '(')}{End(Lower)}, {End(Upper)}{(UpperIncluded ? ']' : ')')}";

    private static string End(double value) =>
        double.IsPositiveInfinity(value) ? "∞" : double.IsNegativeInfinity(value) ? "−∞" : value.ToString("R", CultureInfo.InvariantCulture);
}
