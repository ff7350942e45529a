using System.Collections.Immutable;
using System.Globalization;
using Spectre.Console;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>One configuration's row of the ranked table.</summary>
/// <param name="Folds">Folds recorded (all of them once the sweep is complete).</param>
/// <param name="Mean">Mean held-out score over the recorded folds.</param>
/// <param name="Sd">Its standard deviation over the folds (ddof 0, as scikit-learn's std_test_score).</param>
/// <param name="Cost">Mean held-out cost, or null when a fold's was not finite.</param>
internal sealed record RankedConfiguration(int Configuration, string Values, int Folds, int FoldCount, double Mean, double Sd, double? Cost, double Epochs);

/// <summary>The sweep's table: configurations by mean held-out score, best first (ties by canonical order).</summary>
internal static class Ranking
{
    public static ImmutableArray<RankedConfiguration> Rank(IEnumerable<TrialRecord> records, Scoring scoring)
    {
        var rows = records.OrderBy(r => r.Trial).GroupBy(r => r.Configuration).Select(g =>
        {
            // Summed in fold order, so the numbers do not depend on which file or thread a line came from.
            var scores = g.Select(scoring.Of).ToArray();
            double mean = scores.Sum() / scores.Length;
            double sd = Math.Sqrt(scores.Sum(a => (a - mean) * (a - mean)) / scores.Length);
            var costs = g.Select(r => r.Metrics.GetValueOrDefault("validation_cost")).ToArray();
            double? cost = costs.All(c => c is not null) ? costs.Sum(c => c!.Value) / costs.Length : null;
            var first = g.First();
            return new RankedConfiguration(g.Key, Describe(first), scores.Length, first.Folds, mean, sd, cost, g.Average(r => (double)r.Epochs));
        }).ToArray();
        // A configuration whose score is not finite (a diverged fold) ranks last either way.
        double Key(RankedConfiguration r) => double.IsNaN(r.Mean) ? double.PositiveInfinity : -r.Mean;
        return [.. rows.OrderBy(Key).ThenBy(r => r.Configuration)];
    }

    public static Table Table(ImmutableArray<RankedConfiguration> ranked, Scoring scoring)
    {
        var table = new Table { Title = new TableTitle($"held-out {scoring.Name} by configuration") }
            .AddColumn(new TableColumn("rank").RightAligned()).AddColumn("configuration").AddColumn(new TableColumn("folds").RightAligned())
            .AddColumn(new TableColumn($"{scoring.Name} (mean ± sd)").RightAligned()).AddColumn(new TableColumn("cost").RightAligned())
            .AddColumn(new TableColumn("epochs").RightAligned());
        for (int i = 0; i < ranked.Length; i++)
        {
            var r = ranked[i];
            table.AddRow(I($"{i + 1}"), Markup.Escape(r.Values), I($"{r.Folds}/{r.FoldCount}"), I($"{r.Mean:F4} ± {r.Sd:F4}"),
                r.Cost is { } c ? I($"{c:F4}") : "—", I($"{r.Epochs:F1}"));
        }
        return table;
    }

    private static string Describe(TrialRecord r) => new Configuration(r.Configuration, r.Config).ToString();

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
