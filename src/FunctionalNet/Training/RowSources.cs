using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Training;

/// <summary>
/// Whole-set quantities of a <see cref="IRowSource{T}"/> computed in blocks of <see cref="Network.CostBlockRows"/> rows,
/// in row order, so only one block's features and activations are ever held: the cost, and the predicted and true labels.
/// </summary>
public static class RowSources
{
    /// <summary>
    /// J over every row (weighted by the source's sample weights when it has them): exactly <see cref="Network.Cost{T}"/>
    /// of the same rows in memory, whatever the source.
    /// </summary>
    public static double Cost<T>(Architecture architecture, Parameters<T> parameters, IRowSource<T> source, Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, source);
        return RowWalk.Cost(architecture, parameters.Flat, source, parallelism ?? Parallelism.Default);
    }

    /// <summary>
    /// One blocked forward pass giving the cost (as <see cref="Cost{T}"/>), the network's label for every row (arg-max, or
    /// ½ threshold for one output) and each row's true label from its targets.
    /// </summary>
    public static (double Cost, int[] Predicted, int[] Truth) Evaluate<T>(Architecture architecture, Parameters<T> parameters, IRowSource<T> source,
        Parallelism? parallelism = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, source);
        var predicted = new int[source.Count];
        var truth = new int[source.Count];
        int done = 0;
        double cost = RowWalk.Cost(architecture, parameters.Flat, source, parallelism ?? Parallelism.Default, (pass, targets, _, rows) =>
        {
            Network.Labels<T>(pass.Output, architecture.Outputs, predicted.AsSpan(done, rows));
            Network.Labels(targets, source.Outputs, truth.AsSpan(done, rows));
            done += rows;
        });
        return (cost, predicted, truth);
    }

    /// <summary>
    /// One blocked forward pass giving the cost (as <see cref="Cost{T}"/>) and the share of rows whose label (as
    /// <see cref="Evaluate{T}"/> gives it) is the true one: <see cref="ClassificationMetrics.Accuracy"/> of
    /// <see cref="Evaluate{T}"/>'s labels, holding one block's labels instead of two per row (75 M training rows of a row
    /// cache held 600 MB of them).
    /// </summary>
    public static (double Cost, double Accuracy) Accuracy<T>(Architecture architecture, Parameters<T> parameters, IRowSource<T> source,
        Parallelism? parallelism = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, source);
        int block = Math.Min(source.Count, Network.CostBlockRows);
        var predicted = new int[block];
        var truth = new int[block];
        long correct = 0;
        double cost = RowWalk.Cost(architecture, parameters.Flat, source, parallelism ?? Parallelism.Default, (pass, targets, _, rows) =>
        {
            Network.Labels<T>(pass.Output, architecture.Outputs, predicted.AsSpan(0, rows));
            Network.Labels(targets, source.Outputs, truth.AsSpan(0, rows));
            for (int i = 0; i < rows; i++) if (predicted[i] == truth[i]) correct++;
        });
        return (cost, (double)correct / source.Count);
    }

    /// <summary>
    /// One blocked forward pass giving the cost (as <see cref="Cost{T}"/>), and every row's network outputs and targets
    /// (as the source gives them, e.g. standardised regression targets) as [m × outputs] matrices in double.
    /// </summary>
    public static (double Cost, Matrix<double> Outputs, Matrix<double> Targets) Outputs<T>(Architecture architecture, Parameters<T> parameters,
        IRowSource<T> source, Parallelism? parallelism = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, source);
        int k = architecture.Outputs;
        var targets = new double[(long)source.Count * k];
        var (cost, outputs) = Scored(architecture, parameters, source, parallelism, (y, first, rows) =>
        {
            for (int i = 0; i < rows * k; i++) targets[first * k + i] = double.CreateTruncating(y[i]);
        });
        return (cost, outputs, Matrix<double>.Create(source.Count, k, targets));
    }

    /// <summary>
    /// One blocked forward pass giving the cost (as <see cref="Cost{T}"/>), every row's network outputs as an [m × outputs]
    /// matrix in double (as <see cref="Outputs{T}"/> gives them) and each row's true label (as <see cref="Evaluate{T}"/>
    /// gives it): a classifier's scores without the targets' copy, which <see cref="Outputs{T}"/> holds in double
    /// (18.75 M test rows of two classes: 300 MB, for labels that take 75 MB).
    /// </summary>
    public static (double Cost, Matrix<double> Outputs, int[] Truth) Scores<T>(Architecture architecture, Parameters<T> parameters,
        IRowSource<T> source, Parallelism? parallelism = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, source);
        var truth = new int[source.Count];
        var (cost, outputs) = Scored(architecture, parameters, source, parallelism, (y, first, rows) => Network.Labels(y, source.Outputs, truth.AsSpan(first, rows)));
        return (cost, outputs, truth);
    }

    // Each block's targets, from row `first` of the source.
    private delegate void TargetsVisit<T>(ReadOnlySpan<T> targets, int first, int rows);

    // The walk behind Outputs and Scores: every row's outputs copied to double, each block's targets handed to `targets`.
    private static (double Cost, Matrix<double> Outputs) Scored<T>(Architecture architecture, Parameters<T> parameters, IRowSource<T> source,
        Parallelism? parallelism, TargetsVisit<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = architecture.Outputs;
        var outputs = new double[(long)source.Count * k];
        int done = 0;
        double cost = RowWalk.Cost(architecture, parameters.Flat, source, parallelism ?? Parallelism.Default, (pass, y, _, rows) =>
        {
            var a = pass.Output;
            for (int i = 0; i < rows * k; i++) outputs[done * k + i] = double.CreateTruncating(a[i]);
            targets(y, done, rows);
            done += rows;
        });
        return (cost, Matrix<double>.Create(source.Count, k, outputs));
    }

    private static void Check<T>(Architecture architecture, Parameters<T> parameters, IRowSource<T> source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(source);
    }
}
