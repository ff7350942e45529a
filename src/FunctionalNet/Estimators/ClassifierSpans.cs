using System.Buffers;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

// Scoring over spans for a service or a game loop: no allocation per call, rows checked into error values.
public sealed partial record Classifier
{
    // Outputs of one row up to this many go on the stack; a wider network's borrow a pooled array.
    private const int StackOutputs = 128;

    /// <summary>
    /// The index into <see cref="Classes"/> of one raw row's predicted class, allocating nothing: the same class as
    /// <see cref="PredictIndices"/> gives the row in a batch. <typeparamref name="T"/> is the row's element type
    /// (float or double; either is widened to double before the scaler, as a matrix row is). Thread-safe.
    /// </summary>
    /// <returns>The class index, or an error when the row has the wrong width or a NaN or infinite feature.</returns>
    public Either<Error, int> Predict<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Architecture.Outputs;
        double[]? rented = width > StackOutputs ? ArrayPool<double>.Shared.Rent(width) : null;
        Span<double> outputs = rented is null ? stackalloc double[StackOutputs] : rented;
        try
        {
            outputs = outputs[..width];
            if (SpanScoring.Row(Scoring, Weights, Scaler, FeatureNames, row, outputs) is { } problem) return problem;
            Calibrate(outputs, 1);
            return Decide(outputs);
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// One raw row's class probabilities written into <paramref name="probabilities"/> (its first
    /// <c>Classes.Length</c> values), allocating nothing: bit-identical to the row's line of
    /// <see cref="PredictProba(Matrix{double})"/>. Thread-safe.
    /// </summary>
    /// <returns>The index of the predicted class, or an error when the row has the wrong width or a NaN or infinite feature.</returns>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is shorter than <c>Classes.Length</c>.</exception>
    public Either<Error, int> PredictProba<T>(ReadOnlySpan<T> row, Span<double> probabilities) where T : unmanaged, IFloatingPointIeee754<T>
    {
        SpanScoring.Fits(probabilities.Length, Classes.Length, nameof(probabilities));
        var outputs = probabilities[..Architecture.Outputs];
        if (SpanScoring.Row(Scoring, Weights, Scaler, FeatureNames, row, outputs) is { } problem) return problem;
        Calibrate(outputs, 1);
        int label = Decide(outputs);
        TwoClasses(probabilities, 1);
        return label;
    }

    /// <summary>
    /// The class indices of raw rows (row-major, <see cref="Inputs"/> values a row) written into
    /// <paramref name="classes"/>, as <see cref="PredictIndices"/> gives them, with the products on up to
    /// <paramref name="parallelism"/>'s threads. The network's work buffers are pooled, not allocated per call.
    /// </summary>
    /// <returns>The number of rows, or an error naming the first row and column that is not a finite number.</returns>
    /// <exception cref="ArgumentException"><paramref name="classes"/> holds fewer values than there are rows.</exception>
    public Either<Error, int> Predict<T>(ReadOnlySpan<T> rows, Span<int> classes, Parallelism parallelism) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = rows.Length / Inputs, width = Architecture.Outputs;
        SpanScoring.Fits(classes.Length, count, nameof(classes));
        var outputs = ArrayPool<double>.Shared.Rent(count * width);
        try
        {
            if (SpanScoring.Rows(Scoring, Weights, Scaler, FeatureNames, rows, outputs.AsSpan(0, count * width), parallelism) is { } problem)
                return problem;
            Calibrate(outputs.AsSpan(0, count * width), count);
            for (int r = 0; r < count; r++) classes[r] = Decide(outputs.AsSpan(r * width, width));
            return count;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(outputs);
        }
    }

    /// <summary>
    /// [rows × classes] probabilities of raw rows (row-major) written into <paramref name="probabilities"/>,
    /// bit-identical to <see cref="PredictProba(Matrix{double})"/>, with the products on up to
    /// <paramref name="parallelism"/>'s threads.
    /// </summary>
    /// <returns>The number of rows, or an error naming the first row and column that is not a finite number.</returns>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> holds fewer than rows × <c>Classes.Length</c> values.</exception>
    public Either<Error, int> PredictProba<T>(ReadOnlySpan<T> rows, Span<double> probabilities, Parallelism parallelism) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = rows.Length / Inputs;
        SpanScoring.Fits(probabilities.Length, count * Classes.Length, nameof(probabilities));
        if (SpanScoring.Rows(Scoring, Weights, Scaler, FeatureNames, rows, probabilities[..(count * Architecture.Outputs)], parallelism) is { } problem)
            return problem;
        Calibrate(probabilities[..(count * Architecture.Outputs)], count);
        TwoClasses(probabilities, count);
        return count;
    }

    // One sigmoid output p per row, at the start of the buffer, spread in place into [1 − p, p] pairs; from the last
    // row back, so no p is overwritten before it is read. Other outputs are the probabilities as they are.
    private void TwoClasses(Span<double> probabilities, int rows)
    {
        if (Architecture.Outputs != 1) return;
        for (int r = rows - 1; r >= 0; r--)
        {
            double p = probabilities[r];
            probabilities[2 * r + 1] = p;
            probabilities[2 * r] = 1 - p;
        }
    }
}
