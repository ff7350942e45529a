using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Tests.Evaluation;

/// <summary>The scorer catalog: every spelling finds its scikit-learn scorer, and every scorer is the metric it names.</summary>
public class ScorerProperties
{
    // The spellings fnet sweep --scoring and fnet importance --metric took before the catalog, by the scorer they meant.
    private static readonly (string Spelling, string Scorer)[] Legacy =
    [
        ("accuracy", "accuracy"), ("balanced_accuracy", "balanced_accuracy"), ("f1_macro", "f1_macro"), ("log_loss", "neg_log_loss"),
        ("r2", "r2"), ("neg_mse", "neg_mean_squared_error"), ("neg_mae", "neg_mean_absolute_error"),
        ("balanced-accuracy", "balanced_accuracy"), ("mcc", "matthews_corrcoef"), ("log-loss", "neg_log_loss"), ("roc-auc", "roc_auc"),
        ("average-precision", "average_precision"), ("neg-mse", "neg_mean_squared_error"), ("neg-mae", "neg_mean_absolute_error"),
        ("explained-variance", "explained_variance"),
    ];

    // Each scikit-learn name and the metric it is, written out here rather than read from the catalog.
    private static readonly Dictionary<string, Func<int[], int[], Matrix<double>, Either<Error, double>>> ClassMetrics = new()
    {
        ["accuracy"] = (y, p, _) => ClassificationMetrics.Accuracy(y, p),
        ["balanced_accuracy"] = (y, p, _) => BalancedAccuracy.Compute(y, p),
        ["f1_macro"] = (y, p, _) => ClassificationReport.Compute(y, p).MacroAverage.F1,
        ["matthews_corrcoef"] = (y, p, _) => MatthewsCorrelation.Compute(y, p),
        ["neg_log_loss"] = (y, _, q) => -ClassificationMetrics.LogLoss(y, q),
        ["roc_auc"] = (y, _, q) => RocAuc.Compute(y, q),
        ["average_precision"] = (y, _, q) => AveragePrecision.Compute(y, q),
    };

    private static readonly Dictionary<string, Func<Matrix<double>, Matrix<double>, Either<Error, double>>> ValueMetrics = new()
    {
        ["r2"] = (y, p) => RegressionMetrics.R2(y, p),
        ["neg_mean_squared_error"] = (y, p) => -RegressionMetrics.MeanSquaredError(y, p),
        ["neg_mean_absolute_error"] = (y, p) => -RegressionMetrics.MeanAbsoluteError(y, p),
        ["explained_variance"] = (y, p) => RegressionMetrics.ExplainedVariance(y, p),
    };

    private static readonly Arbitrary<(string Spelling, Scorer Scorer)> Spellings =
        (from scorer in Gen.Elements(Scorers.All.ToArray())
         from spelling in Gen.Elements(scorer.Aliases.Add(scorer.Name).ToArray())
         from upper in Gen.Elements(false, true)
         from pad in Gen.Elements("", " ", "\t")
         select (pad + (upper ? spelling.ToUpperInvariant() : spelling) + pad, scorer)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Every_name_and_alias_in_any_case_finds_its_canonical_scorer() =>
        Prop.ForAll(Spellings, s => Scorers.Find(s.Spelling).Match(found => ReferenceEquals(found, s.Scorer), () => false));

    [Fact]
    public void Names_and_aliases_are_unique_the_old_spellings_all_resolve_and_the_names_are_scikit_learns()
    {
        var spellings = Scorers.All.SelectMany(s => s.Aliases.Add(s.Name)).Select(n => n.ToUpperInvariant()).ToArray();
        Assert.Equal(spellings.Length, spellings.Distinct().Count());
        Assert.All(Legacy, l => Assert.Equal(l.Scorer, Scorers.Find(l.Spelling).Match(s => s.Name, () => "none")));
        Assert.Equal([.. ClassMetrics.Keys, .. ValueMetrics.Keys], Scorers.All.Select(s => s.Name));
        Assert.True(Scorers.Find("roc").IsNone);
        Assert.Equal("accuracy", Scorers.Default(ScorerTask.Classification).Name);
        Assert.Equal("r2", Scorers.Default(ScorerTask.Regression).Name);
    }

    private static readonly Arbitrary<(int[] Actual, int[] Predicted, Matrix<double> Probabilities)> Classified =
        (from k in Gen.Choose(2, 5)
         from m in Gen.Choose(1, 40)
         from actual in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         from predicted in Gen.ArrayOf(Gen.Choose(0, k - 1), m)
         from weights in Gen.ArrayOf(Gen.Choose(1, 1000), m * k)
         select (actual, predicted, Normalised(m, k, weights))).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Every_classification_scorer_is_the_metric_it_names() =>
        Prop.ForAll(Classified, c => Scorers.All.Where(s => s.Task == ScorerTask.Classification).All(s =>
            Same(ClassMetrics[s.Name](c.Actual, c.Predicted, c.Probabilities),
                s.NeedsProbabilities ? s.Classes(c.Actual, null, c.Probabilities) : s.Classes(c.Actual, c.Predicted, null))
            && Same(ClassMetrics[s.Name](c.Actual, c.Predicted, c.Probabilities), s.Classes(c.Actual, c.Predicted, c.Probabilities))
            && s.Values(c.Probabilities, c.Probabilities).IsLeft));

    private static readonly Arbitrary<(Matrix<double> Actual, Matrix<double> Predicted)> Valued =
        (from m in Gen.Choose(2, 40)
         from outputs in Gen.Choose(1, 3)
         from actual in Gen.ArrayOf(Gen.Choose(-1000, 1000), m * outputs)
         from predicted in Gen.ArrayOf(Gen.Choose(-1000, 1000), m * outputs)
         select (Matrix<double>.Own(m, outputs, [.. actual.Select(v => v / 10.0)]),
             Matrix<double>.Own(m, outputs, [.. predicted.Select(v => v / 10.0)]))).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Every_regression_scorer_is_the_metric_it_names() =>
        Prop.ForAll(Valued, v => Scorers.All.Where(s => s.Task == ScorerTask.Regression).All(s =>
            Same(ValueMetrics[s.Name](v.Actual, v.Predicted), s.Values(v.Actual, v.Predicted))
            && s.Classes([0], [0], null).IsLeft && !s.NeedsProbabilities));

    [Fact]
    public void Every_scorer_answers_to_the_one_name_its_metric_is_recorded_under()
    {
        Assert.All(Scorers.All, s => Assert.Same(s, Scorers.Find(s.Key).IfNoneUnsafe((Scorer?)null)));
        Assert.Equal(["accuracy", "balanced_accuracy", "f1_macro", "mcc", "log_loss", "roc_auc", "average_precision", "r2", "mse", "mae", "explained_variance"],
            Scorers.All.Select(s => s.Key));
    }

    [Property(MaxTest = 100)]
    public Property Every_classification_scorer_s_metric_is_in_the_summary_under_its_key_and_under_no_other_spelling() =>
        Prop.ForAll(Classified, c =>
        {
            var summary = MetricSummary.Classification(c.Actual, c.Predicted, c.Probabilities);
            var labelsOnly = MetricSummary.Classification(c.Actual, c.Predicted, null);
            return Scorers.All.Where(s => s.Task == ScorerTask.Classification).All(s =>
                    Recorded(summary, s, ClassMetrics[s.Name](c.Actual, c.Predicted, c.Probabilities))
                    && (s.NeedsProbabilities ? !labelsOnly.ContainsKey(s.Key) : Recorded(labelsOnly, s, ClassMetrics[s.Name](c.Actual, c.Predicted, c.Probabilities))))
                && OnlyKeys(summary);
        });

    [Property(MaxTest = 100)]
    public Property Every_regression_scorer_s_metric_is_in_the_summary_under_its_key_and_under_no_other_spelling() =>
        Prop.ForAll(Valued, v =>
        {
            var summary = MetricSummary.Regression(v.Actual, v.Predicted);
            return Scorers.All.Where(s => s.Task == ScorerTask.Regression).All(s => Recorded(summary, s, ValueMetrics[s.Name](v.Actual, v.Predicted))) && OnlyKeys(summary);
        });

    // The plain metric (a neg_ score negated back) under the scorer's key, bit for bit; absent where it is undefined.
    private static bool Recorded(System.Collections.Immutable.ImmutableSortedDictionary<string, double> summary, Scorer s, Either<Error, double> score) =>
        score.Match(v => double.IsFinite(v) ? summary.TryGetValue(s.Key, out var r) && BitConverter.DoubleToInt64Bits(r) == BitConverter.DoubleToInt64Bits(s.Negated ? -v : v)
            : !summary.ContainsKey(s.Key), _ => !summary.ContainsKey(s.Key));

    // A summary key that is a scorer's spelling is that scorer's key (never mcc and matthews_corrcoef side by side).
    private static bool OnlyKeys(System.Collections.Immutable.ImmutableSortedDictionary<string, double> summary) =>
        summary.Keys.All(k => Scorers.Find(k).Match(s => s.Key == k, () => true));

    [Fact]
    public void A_classification_scorer_without_the_input_it_needs_is_an_error_value()
    {
        Assert.True(Scorers.Find("roc_auc").Map(s => s.Classes([0, 1], [0, 1], null).IsLeft).IfNone(false));
        Assert.True(Scorers.Find("accuracy").Map(s => s.Classes([0, 1], null, Matrix<double>.Own(2, 2, [0.5, 0.5, 0.5, 0.5])).IsLeft).IfNone(false));
    }

    private static bool Same(Either<Error, double> expected, Either<Error, double> actual) => Show(expected) == Show(actual);

    // Bit-exact values (NaN equal to NaN) and errors by code and message.
    private static string Show(Either<Error, double> score) =>
        score.Match(v => BitConverter.DoubleToInt64Bits(v).ToString(CultureInfo.InvariantCulture), e => $"{e.Code}: {e.Message}");

    private static Matrix<double> Normalised(int m, int k, int[] weights)
    {
        var p = new double[m * k];
        for (int i = 0; i < m; i++)
        {
            double sum = 0;
            for (int j = 0; j < k; j++) sum += weights[i * k + j];
            for (int j = 0; j < k; j++) p[i * k + j] = weights[i * k + j] / sum;
        }
        return Matrix<double>.Own(m, k, p);
    }
}
