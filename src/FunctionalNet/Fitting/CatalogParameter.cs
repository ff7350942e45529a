using System.Globalization;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet;

/// <summary>One numeric parameter of a catalog entry: its name as options and cards spell it, default, range and help.</summary>
/// <param name="Name">Lower-case, hyphenated (e.g. <c>lr</c>, <c>beta1</c>, <c>weight-decay</c>).</param>
/// <param name="Default">The value used when none is given.</param>
/// <param name="Minimum">The smallest allowed value.</param>
/// <param name="Maximum">The largest allowed value.</param>
/// <param name="Help">One line for help texts.</param>
/// <param name="MinimumExcluded">True when <paramref name="Minimum"/> itself is not allowed.</param>
/// <param name="MaximumExcluded">True when <paramref name="Maximum"/> itself is not allowed.</param>
/// <param name="WholeNumber">True when only whole numbers make sense (epoch counts).</param>
public sealed record CatalogParameter(string Name, double Default, double Minimum, double Maximum, string Help,
    bool MinimumExcluded = false, bool MaximumExcluded = false, bool WholeNumber = false)
{
    /// <summary>A parameter that must be finite and &gt; 0.</summary>
    public static CatalogParameter Positive(string name, double @default, string help) => new(name, @default, 0, double.MaxValue, help, MinimumExcluded: true);

    /// <summary>A parameter in [0, 1).</summary>
    public static CatalogParameter Fraction(string name, double @default, string help) => new(name, @default, 0, 1, help, MaximumExcluded: true);

    /// <summary>A whole number ≥ 1.</summary>
    public static CatalogParameter Count(string name, double @default, string help) => new(name, @default, 1, int.MaxValue, help, WholeNumber: true);

    /// <summary>The parameter <paramref name="parameter"/> of a rule or schedule, as the library's catalogs describe it.</summary>
    public static CatalogParameter Of(HyperParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var r = parameter.Range;
        return new(parameter.Name, parameter.Default, r.Lower, r.Upper, parameter.Help, !r.LowerIncluded, !r.UpperIncluded, parameter.IsInteger);
    }

    /// <summary>What is wrong with <paramref name="value"/> for this parameter of <paramref name="owner"/> (a <paramref name="kind"/>, e.g. optimizer), or null.</summary>
    public Error? Problem(string kind, string owner, double value)
    {
        bool fits = double.IsFinite(value)
            && (MinimumExcluded ? value > Minimum : value >= Minimum)
            && (MaximumExcluded ? value < Maximum : value <= Maximum)
            && (!WholeNumber || value == Math.Floor(value));
        return fits ? null : new Error($"options.{kind}.{Name}", $"{owner}: {Name} must be {Range}, found {Format(value)}");
    }

    /// <summary>The allowed range in words, e.g. <c>a number in [0, 1)</c>.</summary>
    public string Range =>
        (WholeNumber ? "a whole number" : "a finite number")
        + (Maximum >= int.MaxValue ? $" {(MinimumExcluded ? ">" : "≥")} {Format(Minimum)}"
            : $" in {(MinimumExcluded ? "(" : "[")}{Format(Minimum)}, {Format(Maximum)}{(MaximumExcluded ? ")" : "]")}");

    /// <summary><c>name=default</c> as help texts show it.</summary>
    public override string ToString() => $"{Name}={Format(Default)}";

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
