using System.Globalization;
using System.Text.Json;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using LanguageExt;

namespace FunctionalNet.Tests.Evaluation;

/// <summary>
/// Every metric against the answers scikit-learn 1.2.1 (numpy 1.24.2, /usr/bin/python3 on Debian 12) printed for the
/// cases of sklearn_cases.py, kept in sklearn_cases.jsonl; and, where scikit-learn is installed, against a live run.
/// </summary>
public class ScikitLearnCaseTests
{
    private static string Beside(string name) => Path.Combine(AppContext.BaseDirectory, "Evaluation", name);

    [Fact]
    public void Stored_cases_equal_scikit_learn()
    {
        var lines = File.ReadAllLines(Beside("sklearn_cases.jsonl"));
        Assert.Contains("\"sklearn\": \"1.2.1\"", lines[0], StringComparison.Ordinal);
        var failures = Mismatches(lines.Skip(1));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(lines.Length > 200, $"expected the full case list, found {lines.Length} lines");
    }

    [ScikitLearnFact]
    public void Live_scikit_learn_run_equals_the_metrics()
    {
        var output = Python.Run([Beside("sklearn_cases.py")]);
        Assert.NotNull(output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var failures = Mismatches(lines.Skip(1));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(lines.Length > 200, $"expected the full case list, found {lines.Length} lines");
    }

    private static List<string> Mismatches(IEnumerable<string> lines)
    {
        var failures = new List<string>();
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var c = doc.RootElement;
            string metric = c.GetProperty("metric").GetString()!, expected = c.GetProperty("expected").GetString()!;
            var actual = Evaluate(metric, c);
            bool ok = expected == "error"
                ? actual.IsLeft
                : actual.Match(
                    Right: v => expected == "NaN" ? double.IsNaN(v) : Close(v, double.Parse(expected, CultureInfo.InvariantCulture)),
                    Left: _ => false);
            if (!ok) failures.Add($"{metric}: expected {expected}, found {actual.Match(v => v.ToString("R", CultureInfo.InvariantCulture), e => e.Message)} for {line[..Math.Min(line.Length, 160)]}");
        }
        return failures;
    }

    // Rounding differs only in summation order (numpy sums pairwise).
    private static bool Close(double found, double expected) => Math.Abs(found - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected));

    private static Either<Error, double> Evaluate(string metric, JsonElement c)
    {
        int[] Labels(string name) => [.. c.GetProperty(name).EnumerateArray().Select(e => e.GetInt32())];
        double[] Vector(string name) => [.. c.GetProperty(name).EnumerateArray().Select(e => e.GetDouble())];
        Matrix<double> Rows(string name) => Matrix<double>.FromRows([.. c.GetProperty(name).EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray())]);
        double[] Firsts(string name) => [.. c.GetProperty(name).EnumerateArray().Select(r => r[0].GetDouble())];
        Matrix<double> ColumnOf(string name) => Matrix<double>.Own(c.GetProperty(name).GetArrayLength(), 1, Vector(name));
        static ClassAverage Average(string metric) => metric.EndsWith("weighted", StringComparison.Ordinal) ? ClassAverage.Weighted : ClassAverage.Macro;
        static Either<Error, double> Value(double v) => v;

        return metric switch
        {
            "roc_auc_binary" => RocAuc.Binary(Labels("actual"), Vector("scores")),
            "average_precision_binary" => AveragePrecision.Binary(Labels("actual"), Vector("scores")),
            "top_k_binary_1" => TopKAccuracy.Compute(Labels("actual"), ColumnOf("scores"), 1),
            "brier_binary" => BrierScore.Binary(Labels("actual"), Vector("scores")),
            "log_loss_binary" => Value(ClassificationMetrics.LogLoss(Labels("actual"), ColumnOf("scores"))),
            "roc_auc_ovr_macro" or "roc_auc_ovr_weighted" => RocAuc.Compute(Labels("actual"), Rows("scores"), MulticlassScheme.OneVsRest, Average(metric)),
            "roc_auc_ovo_macro" or "roc_auc_ovo_weighted" => RocAuc.Compute(Labels("actual"), Rows("scores"), MulticlassScheme.OneVsOne, Average(metric)),
            "average_precision_macro" or "average_precision_weighted" => AveragePrecision.Compute(Labels("actual"), Rows("scores"), Average(metric)),
            "log_loss_multiclass" => Value(ClassificationMetrics.LogLoss(Labels("actual"), Rows("scores"))),
            "top_k_multiclass_1" => TopKAccuracy.Compute(Labels("actual"), Rows("scores"), 1),
            "top_k_multiclass_2" => TopKAccuracy.Compute(Labels("actual"), Rows("scores"), 2),
            "balanced_accuracy" => Value(BalancedAccuracy.Compute(Labels("actual"), Labels("predicted"))),
            "matthews" => Value(MatthewsCorrelation.Compute(Labels("actual"), Labels("predicted"))),
            "kappa" => Value(CohenKappa.Compute(Labels("actual"), Labels("predicted"))),
            "explained_variance" => Value(RegressionMetrics.ExplainedVariance(Rows("actual"), Rows("predicted"))),
            "median_absolute_error" => Value(RegressionMetrics.MedianAbsoluteError(Rows("actual"), Rows("predicted"))),
            "mape" => Value(RegressionMetrics.MeanAbsolutePercentageError(Rows("actual"), Rows("predicted"))),
            "max_error" => Value(RegressionMetrics.MaxError(Firsts("actual"), Firsts("predicted"))),
            _ => new Error("test.metric", $"no case handler for {metric}"),
        };
    }
}
