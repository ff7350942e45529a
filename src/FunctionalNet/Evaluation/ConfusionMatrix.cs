using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace FunctionalNet;

/// <summary>
/// Counts of (actual, predicted) class pairs: entry [i, j] is the number of samples of class i predicted as j
/// (rows actual, columns predicted, as scikit-learn's <c>confusion_matrix</c>).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] counts;

    private ConfusionMatrix(int classes, int[] counts)
    {
        Classes = classes;
        this.counts = counts;
    }

    /// <summary>Number of classes k (the matrix is k × k).</summary>
    public int Classes { get; }

    /// <summary>Samples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => counts[checked(actual * Classes + predicted)];

    /// <summary>All counts, row-major.</summary>
    public ImmutableArray<int> Counts => [.. counts];

    /// <summary>Number of samples m.</summary>
    public int Total => counts.Sum();

    /// <summary>Correctly classified samples (the diagonal's sum).</summary>
    public int Trace => Enumerable.Range(0, Classes).Sum(k => this[k, k]);

    /// <summary>Fraction correct, trace / m.</summary>
    public double Accuracy => (double)Trace / Total;

    /// <summary>Samples whose actual class is <paramref name="label"/> (the row sum, its support).</summary>
    public int ActualCount(int label) => Enumerable.Range(0, Classes).Sum(j => this[label, j]);

    /// <summary>Samples predicted as <paramref name="label"/> (the column sum).</summary>
    public int PredictedCount(int label) => Enumerable.Range(0, Classes).Sum(i => this[i, label]);

    /// <summary>
    /// Tallies the pairs; <paramref name="classes"/> defaults to one more than the largest label seen. Throws when
    /// the lists differ in length, are empty, or hold a label outside 0…classes−1.
    /// </summary>
    public static ConfusionMatrix Compute(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int? classes = null)
    {
        ClassificationMetrics.CheckPair(actual, predicted);
        int k = classes ?? Math.Max(actual.Max(), predicted.Max()) + 1;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1, nameof(classes));
        var counts = new int[k * k];
        for (int i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)k || (uint)predicted[i] >= (uint)k)
                throw new ArgumentException($"sample {i} has actual {actual[i]} and predicted {predicted[i]}, expected labels in 0…{k - 1}", nameof(actual));
            counts[actual[i] * k + predicted[i]]++;
        }
        return new ConfusionMatrix(k, counts);
    }

    /// <summary>A text table with actual classes as rows and predicted as columns.</summary>
    public string ToText(IReadOnlyList<string>? classNames = null)
    {
        var names = Enumerable.Range(0, Classes).Select(k => classNames is not null && k < classNames.Count ? classNames[k] : k.ToString(CultureInfo.InvariantCulture)).ToArray();
        int width = Math.Max(names.Max(n => n.Length), counts.Max().ToString(CultureInfo.InvariantCulture).Length) + 1;
        const string corner = "actual \\ predicted";
        int first = Math.Max(corner.Length, names.Max(n => n.Length));
        var text = new StringBuilder();
        text.Append(corner.PadRight(first)).AppendJoin("", names.Select(n => n.PadLeft(width))).Append('\n');
        for (int i = 0; i < Classes; i++)
        {
            text.Append(names[i].PadRight(first));
            for (int j = 0; j < Classes; j++) text.Append(this[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            text.Append('\n');
        }
        return text.ToString();
    }
}
