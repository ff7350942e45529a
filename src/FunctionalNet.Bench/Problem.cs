using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Bench;

/// <summary>A labelled data set in the element type a workload trains in: features, one-hot targets, labels.</summary>
internal sealed record Problem<T>(T[] Features, T[] Targets, int[] Labels, int Inputs, int Classes)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public int Rows => Labels.Length;

    public static Problem<T> From(CsvData data, int classes) => From(data.Features, data.Labels, data.Columns, classes);

    public static Problem<T> From(ReadOnlySpan<double> features, int[] labels, int inputs, int classes)
    {
        var x = new T[features.Length];
        for (int i = 0; i < x.Length; i++) x[i] = T.CreateTruncating(features[i]);
        var y = new T[labels.Length * classes];
        for (int r = 0; r < labels.Length; r++) y[r * classes + labels[r]] = T.One;
        return new Problem<T>(x, y, labels, inputs, classes);
    }

    public Batch<T> Batch => new(Matrix<T>.Create(Rows, Inputs, Features), Matrix<T>.Create(Rows, Classes, Targets));

    /// <summary>J (mean loss plus the architecture's L2 term) of <paramref name="theta"/> on the whole set.</summary>
    public double Cost(Architecture architecture, T[] theta) =>
        double.CreateTruncating(Network.Cost(architecture, Parameters<T>.FromFlat(architecture.Layout, theta), Batch));

    /// <summary>Fraction of rows whose predicted label is the true one.</summary>
    public double Accuracy(Architecture architecture, T[] theta)
    {
        var predicted = Network.PredictLabels(architecture, Parameters<T>.FromFlat(architecture.Layout, theta),
            Matrix<T>.Create(Rows, Inputs, Features));
        return Enumerable.Range(0, Rows).Count(r => predicted[r] == Labels[r]) / (double)Rows;
    }
}
