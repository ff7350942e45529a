using FunctionalNet.Estimators;
using FunctionalNet.Evaluation;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Scoring;

/// <summary>The ranking, probability and agreement scores of the test part, added to the card's metrics by <c>fnet train</c>.</summary>
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
        foreach (var (name, value) in MetricSummary.Classification(actual, predicted, probabilities)) metrics["test_" + name] = value;
    }
}
