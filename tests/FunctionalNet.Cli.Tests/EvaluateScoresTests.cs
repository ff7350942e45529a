using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// <c>fnet evaluate --json</c> reports ROC AUC, average precision, log-loss and Brier equal to scikit-learn's on the
/// same <c>fnet predict --proba</c> output (the scikit-learn part skipped with a message where it is absent).
/// </summary>
public class EvaluateScoresTests
{
    private static (string Data, JsonElement Metrics, string Proba) Run(TempDirectory dir, string dataset)
    {
        string csv = dir[dataset + ".csv"], model = dir[dataset];
        Assert.Equal(0, Fnet.InProcess("datasets", "--export", dataset, "--samples", "90", "--seed", "3", "--out", csv).ExitCode);
        Assert.Equal(0, Fnet.InProcess("train", "--data", dataset, "--samples", "90", "--epochs", "30", "--out", model, "-q").ExitCode);
        var proba = Fnet.InProcess("predict", "--model", model, "--data", csv, "--proba");
        Assert.Equal(0, proba.ExitCode);
        var evaluate = Fnet.InProcess("evaluate", "--model", model, "--data", csv, "--json");
        Assert.Equal(0, evaluate.ExitCode);
        using var doc = JsonDocument.Parse(evaluate.Out);
        var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "model.json"))).RootElement.GetProperty("metrics");
        Assert.True(card.TryGetProperty("test_roc_auc", out _), "train records the test part's ROC AUC in the card");
        return (csv, doc.RootElement.GetProperty("metrics").Clone(), dir.Write(dataset + "-proba.csv", proba.Out));
    }

    [Theory]
    [InlineData("moons", new[] { "accuracy", "balanced_accuracy", "f1_macro", "mcc", "kappa", "log_loss", "roc_auc", "average_precision", "brier" })]
    [InlineData("spirals", new[] { "accuracy", "balanced_accuracy", "f1_macro", "mcc", "kappa", "log_loss", "roc_auc", "roc_auc_ovo", "average_precision", "top_2_accuracy" })]
    public void Evaluate_json_reports_the_scores_of_the_task(string dataset, string[] names)
    {
        using var dir = new TempDirectory();
        var (_, metrics, _) = Run(dir, dataset);
        Assert.Equal(names.Order(StringComparer.Ordinal), metrics.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_regressor_reports_its_scores_in_evaluate_and_the_card()
    {
        using var dir = new TempDirectory();
        string csv = dir["friedman.csv"];
        Assert.Equal(0, Fnet.InProcess("datasets", "--export", "friedman", "--samples", "80", "--seed", "3", "--out", csv).ExitCode);
        Assert.Equal(0, Fnet.InProcess("train", "--data", "friedman", "--samples", "80", "--epochs", "10", "--out", dir["m"], "-q").ExitCode);
        var evaluate = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", csv, "--json");
        Assert.Equal(0, evaluate.ExitCode);
        using var doc = JsonDocument.Parse(evaluate.Out);
        Assert.Equal(["explained_variance", "mae", "mape", "max_error", "median_absolute_error", "mse", "r2"],
            doc.RootElement.GetProperty("metrics").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["m"], "model.json"))).RootElement.GetProperty("metrics");
        Assert.True(card.TryGetProperty("test_explained_variance", out _) && card.TryGetProperty("test_mape", out _), card.ToString());
    }

    [ScikitLearnFact]
    public void Ranking_and_probability_scores_equal_scikit_learn_on_the_predicted_probabilities()
    {
        using var dir = new TempDirectory();
        foreach (var dataset in new[] { "moons", "spirals" })
        {
            var (data, metrics, proba) = Run(dir, dataset);
            string script = $$"""
                import csv, json
                from sklearn import metrics as m
                from sklearn.preprocessing import label_binarize
                y = [int(r["label"]) for r in csv.DictReader(open({{JsonSerializer.Serialize(data)}}))]
                p = [[float(v) for k, v in r.items() if k.startswith("p_")] for r in csv.DictReader(open({{JsonSerializer.Serialize(proba)}}))]
                k = len(p[0])
                out = {"log_loss": m.log_loss(y, p, labels=list(range(k)))}
                if k == 2:
                    s = [r[1] for r in p]
                    out.update(roc_auc=m.roc_auc_score(y, s), average_precision=m.average_precision_score(y, s), brier=m.brier_score_loss(y, s))
                else:
                    out.update(roc_auc=m.roc_auc_score(y, p, multi_class="ovr"), roc_auc_ovo=m.roc_auc_score(y, p, multi_class="ovo"),
                               average_precision=m.average_precision_score(label_binarize(y, classes=list(range(k))), p))
                print(json.dumps(out))
                """;
            var output = ScikitLearn.Run(script);
            Assert.NotNull(output);
            using var expected = JsonDocument.Parse(output);
            foreach (var score in expected.RootElement.EnumerateObject())
            {
                double found = metrics.GetProperty(score.Name).GetDouble(), want = score.Value.GetDouble();
                Assert.True(Math.Abs(found - want) <= 1e-9, string.Create(CultureInfo.InvariantCulture, $"{dataset} {score.Name}: fnet {found:R}, scikit-learn {want:R}"));
            }
        }
    }
}
