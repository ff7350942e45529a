using System.Globalization;
using System.Text.Json;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Evaluation;

/// <summary>
/// The ROC, precision–recall and reliability curves against scikit-learn 1.2.1's <c>roc_curve(drop_intermediate=False)</c>,
/// <c>precision_recall_curve</c> and <c>calibration_curve</c> (numpy 1.24.2, /usr/bin/python3 on Debian 12), printed by
/// curve_cases.py into curve_cases.jsonl.
/// </summary>
public class CurveCaseTests
{
    public static TheoryData<string> Cases() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Evaluation", "curve_cases.jsonl")).Skip(1)];

    private static double[] Floats(JsonElement e) =>
        [.. e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? double.PositiveInfinity : v.GetDouble())];

    private static void Equal(JsonElement expected, IEnumerable<double> found) => Equal(Floats(expected), found);

    private static void Equal(IEnumerable<double> expected, IEnumerable<double> found) =>
        Assert.Equal(expected.ToArray(), found.ToArray(), (a, b) => a == b || Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(a)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Curve_equals_scikit_learn(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var c = doc.RootElement;
        int[] actual = [.. c.GetProperty("actual").EnumerateArray().Select(e => e.GetInt32())];
        double[] scores = Floats(c.GetProperty("scores"));
        bool[] positive = [.. actual.Select(y => y == 1)];
        var e = c.GetProperty("expected");
        switch (c.GetProperty("curve").GetString())
        {
            case "roc":
                var roc = RocCurve.Of(positive, scores).Match(r => r, err => throw new InvalidOperationException(err.Message));
                Equal(e.GetProperty("fpr"), roc.FalsePositiveRate);
                Equal(e.GetProperty("tpr"), roc.TruePositiveRate);
                // scikit-learn 1.2 starts its thresholds at max + 1 where 1.3 and this curve put +∞.
                Equal(Floats(e.GetProperty("thresholds")).Skip(1), roc.Thresholds.Skip(1));
                break;
            case "pr":
                var pr = PrecisionRecallCurve.Of(positive, scores).Match(r => r, err => throw new InvalidOperationException(err.Message));
                Equal(e.GetProperty("recall"), pr.Recall);
                Equal(e.GetProperty("precision"), pr.Precision);
                Equal(e.GetProperty("thresholds"), pr.Thresholds.Skip(1));
                break;
            default:
                var bins = c.GetProperty("bins").GetInt32();
                var rel = ReliabilityCurve.Of(positive, scores, bins).Match(r => r, err => throw new InvalidOperationException(err.Message));
                Equal(e.GetProperty("mean_predicted"), rel.MeanPredicted);
                Equal(e.GetProperty("fraction_positive"), rel.FractionPositive);
                Assert.Equal(e.GetProperty("counts").EnumerateArray().Select(v => v.GetInt32()), rel.Counts.ToArray());
                // The two-column form reads class 1's column.
                var two = Matrix<double>.Create(scores.Length, 2, [.. scores.SelectMany(p => new[] { 1 - p, p })]);
                Assert.Equal(rel.Counts.ToArray(), ReliabilityCurve.OfClasses(actual, two, bins).Match(r => r.Counts, err => throw new InvalidOperationException(err.Message)).ToArray());
                break;
        }
    }

    [Fact]
    public void Curves_refuse_what_scikit_learn_refuses()
    {
        Assert.True(RocCurve.Of([true, true], [0.1, 0.2]).IsLeft);
        Assert.True(PrecisionRecallCurve.Of([false, false], [0.1, 0.2]).IsLeft);
        Assert.True(ReliabilityCurve.Of([true, false], [0.1, 1.2]).IsLeft);
        Assert.True(ReliabilityCurve.Of([true, false], [0.1, double.NaN]).IsLeft);
        Assert.True(ReliabilityCurve.Of([true], [0.1], bins: 0).IsLeft);
    }
}
