using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Formats;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// The network outputs of raw rows given as spans, written into the caller's buffer: what a classifier's and a
/// regressor's span methods share. The arithmetic is that of the matrix methods step for step — the scaler's
/// (x − offset) / scale in double, then the weights' precision, the same kernels, then double — so the outputs are
/// bit-identical to theirs; the scaler is applied in place while copying the row, with no closure and no new array.
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
            case NetworkWeights.F32 s: Row(architecture, s.Parameters.Flat, scaler, row, outputs); break;
            case NetworkWeights.F64 d: Row(architecture, d.Parameters.Flat, scaler, row, outputs); break;
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

    private static void Row<T, TIn>(Architecture architecture, ReadOnlySpan<T> parameters, ScalerCard? scaler, ReadOnlySpan<TIn> row, Span<double> outputs)
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

    // x′ = (x − offset) / scale in double, as ScalerCard.Apply computes it, then the weights' precision (as Matrix.Convert).
    private static void Scale<TIn, T>(ReadOnlySpan<TIn> raw, ScalerCard? scaler, Span<T> x)
        where TIn : unmanaged, IFloatingPointIeee754<TIn>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int columns = scaler?.Offset.Length ?? 1;
        for (int i = 0; i < raw.Length; i++)
        {
            double v = double.CreateTruncating(raw[i]);
            if (scaler is not null) v = (v - scaler.Offset[i % columns]) / scaler.Scale[i % columns];
            x[i] = T.CreateTruncating(v);
        }
    }

    private static void Widen<T>(ReadOnlySpan<T> values, Span<double> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++) destination[i] = double.CreateTruncating(values[i]);
    }
}
