using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Scores;

/// <summary>The scikit-learn scores of the test part (<see cref="MetricSummary"/>), added to the card's metrics by <c>fnet train</c>.</summary>
internal static class TestPartMetrics
{
    /// <summary>
    /// Adds <see cref="MetricSummary.Classification"/> of the test part as <c>test_*</c>; <paramref name="outputs"/>
    /// is called for the probability scores only when the network's outputs are probabilities.
    /// </summary>
    public static void Add(IDictionary<string, double> metrics, Architecture architecture, IReadOnlyList<int> actual, IReadOnlyList<int> predicted,
        Func<Matrix<double>> outputs)
    {
        if (actual.Count == 0) return;
        var probabilities = Classifier.GivesProbabilities(architecture) ? outputs() : null;
        Add(metrics, MetricSummary.Classification(actual, predicted, probabilities));
    }

    /// <summary>Adds <see cref="MetricSummary.Regression"/> of the test part's values as <c>test_*</c>.</summary>
    public static void Add(IDictionary<string, double> metrics, Matrix<double> actual, Matrix<double> predicted)
    {
        if (actual.Rows > 0) Add(metrics, MetricSummary.Regression(actual, predicted));
    }

    private static void Add(IDictionary<string, double> metrics, IReadOnlyDictionary<string, double> scores)
    {
        foreach (var (name, value) in scores) metrics["test_" + name] = value;
    }
}
