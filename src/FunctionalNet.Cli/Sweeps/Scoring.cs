using System.Collections.Immutable;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// What a sweep ranks by, named as scikit-learn's <c>scoring</c> strings: the held-out metric a trial line records
/// (<see cref="Key"/>), negated for the <c>neg_</c> errors so that higher is better, as scikit-learn reports them;
/// a plain loss (log_loss) is ranked lowest first.
/// </summary>
internal sealed record Scoring(string Name, string Key, bool Negated, bool LowerIsBetter, bool Regression)
{
    public static readonly ImmutableArray<Scoring> All =
    [
        new("accuracy", "validation_accuracy", false, false, false),
        new("balanced_accuracy", "validation_balanced_accuracy", false, false, false),
        new("f1_macro", "validation_f1_macro", false, false, false),
        new("log_loss", "validation_log_loss", false, true, false),
        new("r2", "validation_r2", false, false, true),
        new("neg_mse", "validation_mse", true, false, true),
        new("neg_mae", "validation_mae", true, false, true),
    ];

    /// <summary>The names --scoring takes.</summary>
    public static IEnumerable<string> Names => All.Select(s => s.Name);

    /// <summary>A trial's score (NaN when its line has no finite value for it).</summary>
    public double Of(TrialRecord record) => record.Metrics.GetValueOrDefault(Key) is { } v ? (Negated ? -v : v) : double.NaN;

    /// <summary>
    /// The scoring named <paramref name="name"/> (accuracy for a classification and R² for a regression when null),
    /// or a one-line refusal of an unknown name or one of the other task.
    /// </summary>
    public static LanguageExt.Either<CliError, Scoring> Parse(string? name, bool regression)
    {
        if (name is null) return All.First(s => s.Regression == regression);
        if (All.FirstOrDefault(s => s.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)) is not { } scoring)
            return Bad($"--scoring '{name}' is not one of {string.Join(", ", Names)}");
        if (scoring.Regression != regression)
            return Bad(regression
                ? $"--scoring {scoring.Name} scores classes, but this sweep is a regression; use one of {string.Join(", ", All.Where(s => s.Regression).Select(s => s.Name))}"
                : $"--scoring {scoring.Name} scores a regression, but this sweep classifies; use one of {string.Join(", ", All.Where(s => !s.Regression).Select(s => s.Name))}");
        return scoring;
    }

    /// <summary>Whether recorded lines are a regression's: they carry R² rather than accuracy.</summary>
    public static bool IsRegression(TrialRecord record) => record.Metrics.ContainsKey("validation_r2");

    private static LanguageExt.Either<CliError, Scoring> Bad(string message) => new CliError(new Error("options.scoring", message));
}
