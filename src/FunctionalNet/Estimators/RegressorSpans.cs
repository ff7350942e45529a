using System.Numerics;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

// Scoring over spans for a service or a game loop: no allocation per call, rows checked into error values.
public sealed partial record Regressor
{
    /// <summary>
    /// One raw row's predictions, in target units, written into <paramref name="values"/> (its first
    /// <c>TargetNames.Length</c> values), allocating nothing: bit-identical to the row's line of
    /// <see cref="Predict(Matrix{double})"/>. <typeparamref name="T"/> is the row's element type (float or double).
    /// Thread-safe.
    /// </summary>
    /// <returns>The number of values written, or an error when the row has the wrong width or a NaN or infinite feature.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is shorter than the number of targets.</exception>
    public Either<Error, int> Predict<T>(ReadOnlySpan<T> row, Span<double> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Architecture.Outputs;
        SpanScoring.Fits(values.Length, width, nameof(values));
        var outputs = values[..width];
        if (SpanScoring.Row(Architecture, Weights, Scaler, FeatureNames, row, outputs) is { } problem) return problem;
        SpanScoring.Invert(TargetScaler, outputs);
        return width;
    }

    /// <summary>
    /// [rows × targets] predictions of raw rows (row-major, <see cref="Inputs"/> values a row) written into
    /// <paramref name="values"/>, bit-identical to <see cref="Predict(Matrix{double})"/>, with the products on up to
    /// <paramref name="parallelism"/>'s threads. The network's work buffers are pooled, not allocated per call.
    /// </summary>
    /// <returns>The number of rows, or an error naming the first row and column that is not a finite number.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> holds fewer than rows × targets values.</exception>
    public Either<Error, int> Predict<T>(ReadOnlySpan<T> rows, Span<double> values, Parallelism parallelism) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = rows.Length / Inputs, width = Architecture.Outputs;
        SpanScoring.Fits(values.Length, count * width, nameof(values));
        var outputs = values[..(count * width)];
        if (SpanScoring.Rows(Architecture, Weights, Scaler, FeatureNames, rows, outputs, parallelism) is { } problem) return problem;
        SpanScoring.Invert(TargetScaler, outputs);
        return count;
    }
}
