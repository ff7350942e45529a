using FunctionalNet.Data.Loading;
using LanguageExt;

namespace FunctionalNet.Cli.Options;

/// <summary>The <c>--label</c> option of train, predict and evaluate: a column name or 0-based index, never blank.</summary>
internal static class LabelOption
{
    /// <summary>What is wrong with a blank value (it names no column), or null.</summary>
    public static string? Problem(string? label) =>
        label is not null && string.IsNullOrWhiteSpace(label) ? $"--label must name a column or give its 0-based index, found '{label}'" : null;

    /// <summary>The error for a blank value.</summary>
    public static Either<CliError, Unit> Check(string? label) =>
        Problem(label) is { } problem ? new CliError(new Error("options.label", problem)) : Unit.Default;

    /// <summary>The column <paramref name="label"/> names; the last one when it names none (a card may hold a blank).</summary>
    public static LabelColumn Column(string? label) => string.IsNullOrWhiteSpace(label) ? LabelColumn.Last : LabelColumn.Parse(label);
}
