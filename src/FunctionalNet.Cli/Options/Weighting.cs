using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Data;
using FunctionalNet.Training;

namespace FunctionalNet.Cli.Options;

/// <summary>
/// The spellings of <c>--class-weight</c> (<c>balanced</c>, or <c>NAME=W,NAME=W</c> by class name) and <c>--dropout</c>
/// (<c>P</c> for every hidden layer, or <c>P1,P2,…</c> per hidden layer), parsed once for validation and for the run.
/// </summary>
internal static class Weighting
{
    /// <summary>The class weights <paramref name="spec"/> asks for, or a one-line problem with its syntax.</summary>
    /// <remarks>Balanced is the empty list (LanguageExt's Either holds no null).</remarks>
    public static LanguageExt.Either<string, ImmutableArray<KeyValuePair<string, double>>> ClassWeights(string spec)
    {
        if (spec.Trim().Equals("balanced", StringComparison.OrdinalIgnoreCase)) return ImmutableArray<KeyValuePair<string, double>>.Empty;
        var pairs = new List<KeyValuePair<string, double>>();
        foreach (var item in spec.Split(','))
        {
            int at = item.LastIndexOf('=');
            string name = at < 0 ? "" : item[..at].Trim();
            if (at < 0 || name.Length == 0 || !double.TryParse(item[(at + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double w))
                return $"--class-weight '{spec}': expected balanced or CLASS=WEIGHT pairs separated by commas (e.g. 0=5,1=1), found '{item.Trim()}'";
            if (!(w >= 0) || double.IsInfinity(w))
                return $"--class-weight '{spec}': the weight of class '{name}' must be a finite number ≥ 0, found {item[(at + 1)..].Trim()}";
            if (pairs.Any(p => p.Key == name)) return $"--class-weight '{spec}': class '{name}' is given twice";
            pairs.Add(new(name, w));
        }
        return ImmutableArray.CreateRange(pairs);
    }

    /// <summary>The dropout <paramref name="spec"/> asks for, or a one-line problem.</summary>
    public static LanguageExt.Either<string, Dropout> Dropout(string spec)
    {
        var rates = new List<double>();
        foreach (var item in spec.Split(','))
        {
            if (!double.TryParse(item.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || !(p >= 0 && p < 1))
                return $"--dropout '{spec}': expected one rate in [0, 1) or one per hidden layer separated by commas (e.g. 0.2 or 0.2,0.1), found '{item.Trim()}'";
            rates.Add(p);
        }
        var dropout = FunctionalNet.Training.Dropout.Create(rates);
        return dropout.IsSuccess ? dropout.SuccessToSeq().Head : dropout.FailToSeq().Head.Message;
    }

    /// <summary>A one-line problem with the spelling of --class-weight or --dropout, or null.</summary>
    public static string? Problem(TrainSettings s) =>
        (s.ClassWeight is null ? null : ClassWeights(s.ClassWeight).LeftToSeq().FirstOrDefault())
        ?? (s.Dropout is null ? null : Dropout(s.Dropout).LeftToSeq().FirstOrDefault());

    /// <summary>What the run weighs and drops, for the report: null when it uses neither.</summary>
    public static string? Describe(TrainSettings s, ImmutableArray<double> classWeights, ImmutableArray<string> classes)
    {
        var parts = new List<string>();
        if (!classWeights.IsDefault)
            parts.Add($"class weights {(s.ClassWeight!.Trim().Equals("balanced", StringComparison.OrdinalIgnoreCase) ? "balanced" : "given")} ("
                + string.Join(", ", classes.Zip(classWeights, (c, w) => $"{c}={w.ToString("G6", CultureInfo.InvariantCulture)}")) + ")");
        if (s.WeightColumn is not null) parts.Add($"sample weights from column \"{s.WeightColumn}\"");
        if (s.Dropout is not null) parts.Add($"dropout {s.Dropout}");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
