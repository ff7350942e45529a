using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Numerics.Tensors;
using FunctionalNet.Calculus;
using FunctionalNet.Formats;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// The network outputs of raw rows given as spans, written into the caller's buffer: what a classifier's and a
/// regressor's span methods share. The arithmetic is that of the matrix methods step for step — the scaler's
/// (x − offset) / scale in double, then the weights' precision, the same multiply-add chains, then double — so the
/// outputs are bit-identical to theirs; the scaler is applied in place while copying the row, with no closure and no
/// new array.
/// </summary>
internal static class SpanScoring
{
    /// <summary>Writes one row's output activations into <paramref name="outputs"/> (at least <c>Outputs</c> long).</summary>
    public static Error? Row<TIn>(Architecture architecture, NetworkWeights weights, ScalerCard? scaler, ImmutableArray<string> names,
        ReadOnlySpan<TIn> row, Span<double> outputs)
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
    {
        if (FittedChecks.Features(row, architecture.Inputs, names, single: true) is { } problem) return problem;
        switch (weights)
        {
            case NetworkWeights.F32 s: Row(architecture, s.Parameters, scaler, row, outputs); break;
            case NetworkWeights.F64 d: Row(architecture, d.Parameters, scaler, row, outputs); break;
            default: throw new InvalidOperationException("unknown weights");
        }
        return null;
    }

    /// <summary>
    /// Writes the output activations of every row of <paramref name="rows"/> (row-major) into <paramref name="outputs"/>
    /// ([rows × Outputs] at its start), a block of rows at a time as the matrix methods do, on up to
    /// <paramref name="parallelism"/>'s threads.
    /// </summary>
    public static Error? Rows<TIn>(Architecture architecture, NetworkWeights weights, ScalerCard? scaler, ImmutableArray<string> names,
        ReadOnlySpan<TIn> rows, Span<double> outputs, Parallelism parallelism)
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
    {
        if (FittedChecks.Features(rows, architecture.Inputs, names, single: false) is { } problem) return problem;
        switch (weights)
        {
            case NetworkWeights.F32 s: Rows(architecture, s.Parameters.Flat, scaler, rows, outputs, parallelism); break;
            case NetworkWeights.F64 d: Rows(architecture, d.Parameters.Flat, scaler, rows, outputs, parallelism); break;
            default: throw new InvalidOperationException("unknown weights");
        }
        return null;
    }

    /// <summary>Throws unless <paramref name="destination"/> holds at least <paramref name="needed"/> values: a caller's sizing mistake.</summary>
    public static void Fits(int length, int needed, string destination)
    {
        if (length < needed) throw new ArgumentException($"the destination holds {length} values, {needed} needed", destination);
    }

    /// <summary>Undoes a target scaler in place on [rows × columns] outputs: x · scale + offset, as <see cref="ScalerCard.Invert"/>.</summary>
    public static void Invert(ScalerCard? scaler, Span<double> outputs)
    {
        if (scaler is null) return;
        int columns = scaler.Scale.Length;
        for (int i = 0; i < outputs.Length; i++) outputs[i] = outputs[i] * scaler.Scale[i % columns] + scaler.Offset[i % columns];
    }

    private static void Row<T, TIn>(Architecture architecture, Parameters<T> parameters, ScalerCard? scaler, ReadOnlySpan<TIn> row, Span<double> outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
    {
        var work = RowForward<T>.Take(architecture);
        try
        {
            Scale(row, scaler, work.AsSpan(0, row.Length));
            Widen(RowForward<T>.Run(architecture, parameters, work), outputs);
        }
        finally
        {
            RowForward<T>.Give(work);
        }
    }

    private static void Rows<T, TIn>(Architecture architecture, ReadOnlySpan<T> parameters, ScalerCard? scaler, ReadOnlySpan<TIn> rows,
        Span<double> outputs, Parallelism parallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
    {
        int inputs = architecture.Inputs, width = architecture.Outputs, count = rows.Length / inputs;
        if (count == 0) return;
        int block = Math.Min(count, Network.PredictionBlock);
        var pass = ForwardPass<T>.Rent(architecture, block, parallelism);
        var scaled = ArrayPool<T>.Shared.Rent(block * inputs);
        try
        {
            for (int start = 0; start < count; start += block)
            {
                int n = Math.Min(block, count - start);
                var x = scaled.AsSpan(0, n * inputs);
                Scale(rows.Slice(start * inputs, n * inputs), scaler, x);
                pass.Rerun(parameters, x, n);
                Widen(pass.Output, outputs.Slice(start * width, n * width));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scaled);
            pass.Return();
        }
    }

    // x′ = (x − offset) / scale in double, as ScalerCard.Apply computes it, then the weights' precision (as Matrix.Convert):
    // a row at a time through a double scratch row, each step one vectorised primitive whose every lane rounds as the
    // scalar operation would (a conversion per element and a modulo per column cost more than the product on digits).
    private static void Scale<TIn, T>(ReadOnlySpan<TIn> raw, ScalerCard? scaler, Span<T> x)
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (scaler is null)
        {
            for (int i = 0; i < raw.Length; i++) x[i] = T.CreateTruncating(double.CreateTruncating(raw[i]));
            return;
        }
        int columns = scaler.Offset.Length;
        double[]? rented = columns > StackColumns ? ArrayPool<double>.Shared.Rent(columns) : null;
        Span<double> v = rented is null ? stackalloc double[StackColumns] : rented;
        v = v[..columns];
        var offset = scaler.Offset.AsSpan();
        var scale = scaler.Scale.AsSpan();
        for (int r = 0; r + columns <= raw.Length; r += columns)
        {
            TensorPrimitives.ConvertTruncating(raw.Slice(r, columns), v);
            TensorPrimitives.Subtract(v, offset, v);
            TensorPrimitives.Divide(v, scale, v);
            TensorPrimitives.ConvertTruncating<double, T>(v, x.Slice(r, columns));
        }
        if (rented is not null) ArrayPool<double>.Shared.Return(rented);
    }

    // Scaled rows up to this wide go through a scratch row on the stack; wider ones borrow a pooled array.
    private const int StackColumns = 256;

    // Exact for float and double alike.
    private static void Widen<T>(ReadOnlySpan<T> values, Span<double> destination) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.ConvertTruncating(values, destination);
}
