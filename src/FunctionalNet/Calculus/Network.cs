using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Calculus;

/// <summary>
/// The pure calculus of a network: prediction, cost and its gradient by backpropagation. Every function
/// reads immutable inputs and returns new values; scratch buffers are allocated per call and never escape.
/// The optional <see cref="Parallelism"/> bounds the threads of large matrix products (default
/// <see cref="Parallelism.Default"/>); results are bit-identical at every setting.
/// </summary>
public static class Network
{
    /// <summary>Rows per forward pass of <see cref="Predict{T}"/>: its scratch is this many rows of every layer, whatever m is.</summary>
    internal const int PredictionBlock = 4096;

    /// <summary>
    /// Output activations for every row of <paramref name="features"/> ([m × inputs] → [m × outputs]), computed
    /// <see cref="PredictionBlock"/> rows at a time: a row's outputs do not depend on the rows beside it, so the result
    /// is the one whole-set pass would give, without its 2 × m × units activations (1.9 GB for 600,000 rows of
    /// 784-256-128-10 in float32).
    /// </summary>
    public static Matrix<T> Predict<T>(Architecture architecture, Parameters<T> parameters, Matrix<T> features, Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, features);
        int rows = features.Rows, inputs = features.Cols, outputs = architecture.Outputs;
        var result = new T[rows * outputs];
        RowWalk.Forward(architecture, parameters.Flat, rows, PredictionBlock, parallelism ?? Parallelism.Default,
            (first, count) => features.Span.Slice(first * inputs, count * inputs),
            (pass, first, count) => pass.Output.CopyTo(result.AsSpan(first * outputs, count * outputs)));
        return Matrix<T>.Own(rows, outputs, result);
    }

    /// <summary>
    /// Class labels: the arg-max output, or for a single output unit, 1 where it is ≥ ½ (sigmoid) and 0 otherwise.
    /// </summary>
    public static int[] PredictLabels<T>(Architecture architecture, Parameters<T> parameters, Matrix<T> features, Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Labels(Predict(architecture, parameters, features, parallelism));

    /// <summary>Labels from output activations: row arg-max, or a ½ threshold for one column.</summary>
    public static int[] Labels<T>(Matrix<T> outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var labels = new int[outputs.Rows];
        Labels(outputs.Span, outputs.Cols, labels);
        return labels;
    }

    /// <summary>As <see cref="Labels{T}(Matrix{T})"/>, for [labels.Length × cols] row-major outputs into <paramref name="labels"/>.</summary>
    internal static void Labels<T>(ReadOnlySpan<T> outputs, int cols, Span<int> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < labels.Length; r++) labels[r] = Label(outputs.Slice(r * cols, cols));
    }

    /// <summary>The label of one row of output activations: its arg-max, or a ½ threshold for one output.</summary>
    internal static int Label<T>(ReadOnlySpan<T> outputs) where T : unmanaged, IFloatingPointIeee754<T> =>
        outputs.Length == 1 ? (outputs[0] >= T.One / (T.One + T.One) ? 1 : 0) : TensorPrimitives.IndexOfMax(outputs);

    /// <summary>
    /// J = (1/m) Σ loss + λ/(2m) Σ w² (weights only, never biases); with the batch's sample weights vᵢ the data term is
    /// Σ vᵢ lossᵢ / Σ vᵢ (zero when every weight is zero) and the L2 term is unchanged.
    /// </summary>
    public static T Cost<T>(Architecture architecture, Parameters<T> parameters, Batch<T> batch, Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, batch);
        return T.CreateTruncating(RowWalk.Cost(architecture, parameters.Flat, new BatchRows<T>(batch), parallelism ?? Parallelism.Default));
    }

    /// <summary>
    /// The most rows <see cref="Cost{T}"/> runs through one forward pass. A pass holds two values per row and unit
    /// (600,000 rows of 784-256-128-10 in float32: 1.9 GB), so a larger set is costed a block of rows at a time, the loss
    /// sums added in block order (the same for every thread count); a set of at most one block keeps the single pass.
    /// </summary>
    public const int CostBlockRows = 16384;

    /// <summary>The cost and its gradient with respect to every parameter, by backpropagation.</summary>
    public static (T Cost, Parameters<T> Gradient) CostAndGradient<T>(Architecture architecture, Parameters<T> parameters, Batch<T> batch,
        Parallelism? parallelism = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(architecture, parameters, batch);
        var gradient = new T[parameters.Count];
        double cost = Backpropagation.Run(architecture, parameters.Flat, batch.Features.Span, batch.Targets.Span, batch.Count, gradient,
            parallelism ?? Parallelism.Default, batch.WeightSpan);
        return (T.CreateTruncating(cost), Parameters<T>.Own(parameters.Layout, gradient));
    }

    /// <summary>
    /// J of the pass (without λ the pass over every weight for the L2 term is skipped); <paramref name="weights"/> is empty
    /// for an unweighted cost.
    /// </summary>
    internal static double CostOf<T>(Architecture architecture, ReadOnlySpan<T> parameters, ForwardPass<T> pass, ReadOnlySpan<T> targets,
        ReadOnlySpan<T> weights = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int m = pass.Rows;
        double data = weights.IsEmpty
            ? PassLoss.Sum(architecture, pass, targets, default, 0, m) / m
            : WeightedData(architecture, pass, targets, weights);
        return Penalised(architecture, parameters, data, m);
    }

    /// <summary>The data term plus λ/(2m) Σ w² (biases skipped); without λ the pass over the weights is skipped.</summary>
    internal static double Penalised<T>(Architecture architecture, ReadOnlySpan<T> parameters, double data, int m)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        architecture.Lambda != 0 ? data + architecture.Lambda / (2.0 * m) * SumOfSquaredWeights(architecture.Layout, parameters) : data;

    private static double WeightedData<T>(Architecture architecture, ForwardPass<T> pass, ReadOnlySpan<T> targets, ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = SampleWeights.Total(weights, pass.Rows);
        return total == 0 ? 0 : PassLoss.Sum(architecture, pass, targets, weights, 0, pass.Rows) / total;
    }

    internal static double SumOfSquaredWeights<T>(ParameterLayout layout, ReadOnlySpan<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (var s in layout.Slots)
            sum += double.CreateTruncating(TensorPrimitives.SumOfSquares(parameters.Slice(s.WeightOffset, s.WeightCount)));
        return sum;
    }

    private static void Check<T>(Architecture architecture, Parameters<T> parameters, Matrix<T> features)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(features);
        if (parameters.Count != architecture.Layout.Count)
            throw new ArgumentException($"the network {architecture.Shape} has {architecture.Layout.Count} parameters, found {parameters.Count}", nameof(parameters));
        if (features.Cols != architecture.Inputs)
            throw new ArgumentException($"the network {architecture.Shape} expects {architecture.Inputs} features, found {features.Cols}", nameof(features));
    }

    private static void Check<T>(Architecture architecture, Parameters<T> parameters, Batch<T> batch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(batch);
        Check(architecture, parameters, batch.Features);
        if (batch.Targets.Cols != architecture.Outputs)
            throw new ArgumentException($"the network {architecture.Shape} has {architecture.Outputs} outputs, but targets have {batch.Targets.Cols} columns", nameof(batch));
    }
}
