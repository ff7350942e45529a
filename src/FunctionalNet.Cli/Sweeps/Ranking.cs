using System.Collections.Immutable;
using System.Globalization;
using Spectre.Console;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>One configuration's row of the ranked table.</summary>
/// <param name="Folds">Folds recorded (all of them once the sweep is complete).</param>
/// <param name="Mean">Mean held-out accuracy over the recorded folds.</param>
/// <param name="Sd">Its standard deviation over the folds (ddof 0, as scikit-learn's std_test_score).</param>
/// <param name="Cost">Mean held-out cost, or null when a fold's was not finite.</param>
internal sealed record RankedConfiguration(int Configuration, string Values, int Folds, int FoldCount, double Mean, double Sd, double? Cost, double Epochs);

/// <summary>The sweep's table: configurations by mean held-out accuracy, best first (ties by canonical order).</summary>
internal static class Ranking
{
    public static ImmutableArray<RankedConfiguration> Rank(IEnumerable<TrialRecord> records) =>
    [
        .. records.OrderBy(r => r.Trial).GroupBy(r => r.Configuration).Select(g =>
        {
            // Summed in fold order, so the numbers do not depend on which file or thread a line came from.
            var accuracy = g.Select(r => r.Metrics.GetValueOrDefault(TrialRecord.Ranked) ?? double.NaN).ToArray();
            double mean = accuracy.Sum() / accuracy.Length;
            double sd = Math.Sqrt(accuracy.Sum(a => (a - mean) * (a - mean)) / accuracy.Length);
            var costs = g.Select(r => r.Metrics.GetValueOrDefault("validation_cost")).ToArray();
            double? cost = costs.All(c => c is not null) ? costs.Sum(c => c!.Value) / costs.Length : null;
            var first = g.First();
            return new RankedConfiguration(g.Key, Describe(first), accuracy.Length, first.Folds, mean, sd, cost, g.Average(r => (double)r.Epochs));
        }).OrderByDescending(r => r.Mean).ThenBy(r => r.Configuration),
    ];

    public static Table Table(ImmutableArray<RankedConfiguration> ranked)
    {
        var table = new Table { Title = new TableTitle("held-out accuracy by configuration") }
            .AddColumn(new TableColumn("rank").RightAligned()).AddColumn("configuration").AddColumn(new TableColumn("folds").RightAligned())
            .AddColumn(new TableColumn("accuracy (mean ± sd)").RightAligned()).AddColumn(new TableColumn("cost").RightAligned())
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
