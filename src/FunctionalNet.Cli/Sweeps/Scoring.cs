using System.Collections.Immutable;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// What a sweep ranks by: a catalog <see cref="Scorer"/> and the held-out metric a trial line records for it
/// (<see cref="Key"/>), recorded as the plain error or loss and negated here for the <c>neg_</c> scorers, so that
/// higher is always better.
/// </summary>
internal sealed record Scoring(Scorer Scorer, string Key)
{
    // The scorers a trial line records a metric for (Recorded), each as validation_ and the scorer's Key.
    private static readonly string[] RecordedNames = ["accuracy", "balanced_accuracy", "f1_macro", "neg_log_loss", "r2", "neg_mean_squared_error", "neg_mean_absolute_error"];

    /// <summary>The scorings a sweep can rank by, in the catalog's order.</summary>
    public static readonly ImmutableArray<Scoring> All = [.. Scorers.All.Where(s => RecordedNames.Contains(s.Name)).Select(s => new Scoring(s, "validation_" + s.Key))];

    /// <summary>
    /// The held-out metrics a trial line records for the <paramref name="regression"/>'s scorings, by <see cref="Key"/>,
    /// each the plain error or loss (NaN where undefined), from <paramref name="score"/> of each scorer.
    /// </summary>
    public static IEnumerable<(string, double)> Recorded(bool regression, Func<Scorer, LanguageExt.Either<Error, double>> score) =>
        All.Where(s => s.Regression == regression).Select(s => (s.Key, s.Scorer.Plain(score(s.Scorer)).Match(v => v, _ => double.NaN)));

    /// <summary>The scorer's scikit-learn name.</summary>
    public string Name => Scorer.Name;

    /// <summary>Whether it scores a regression.</summary>
    public bool Regression => Scorer.Task == ScorerTask.Regression;

    /// <summary>The names --scoring takes (each also by the catalog's aliases).</summary>
    public static IEnumerable<string> Names => All.Select(s => s.Name);

    /// <summary>A trial's score (NaN when its line has no finite value for it).</summary>
    public double Of(TrialRecord record) => record.Metrics.GetValueOrDefault(Key) is { } v ? (Scorer.Negated ? -v : v) : double.NaN;

    /// <summary>
    /// The scoring named <paramref name="name"/> or an alias of it (accuracy for a classification and R² for a
    /// regression when null), or a one-line refusal of an unknown name, one a sweep does not record, or one of the other task.
    /// </summary>
    public static LanguageExt.Either<CliError, Scoring> Parse(string? name, bool regression)
    {
        if (name is null) return All.First(s => s.Regression == regression);
        if (All.FirstOrDefault(s => s.Scorer.Answers(name)) is not { } scoring)
            return Bad($"--scoring '{name}' is not one of {string.Join(", ", Names)}");
        if (scoring.Regression != regression)
            return Bad(regression
                ? $"--scoring {name} scores classes, but this sweep is a regression; use one of {string.Join(", ", All.Where(s => s.Regression).Select(s => s.Name))}"
                : $"--scoring {name} scores a regression, but this sweep classifies; use one of {string.Join(", ", All.Where(s => !s.Regression).Select(s => s.Name))}");
        return scoring;
    }

    /// <summary>Whether recorded lines are a regression's: they carry R² rather than accuracy.</summary>
    public static bool IsRegression(TrialRecord record) => record.Metrics.ContainsKey("validation_r2");

    private static LanguageExt.Either<CliError, Scoring> Bad(string message) => new CliError(new Error("options.scoring", message));
}
