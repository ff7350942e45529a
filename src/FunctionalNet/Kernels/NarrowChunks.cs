using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Kernels;

/// <summary>
/// The sum of a batch's gradient terms over its blocks for <see cref="NarrowGradient{T}"/>, in chunks of
/// <see cref="NarrowNetwork.ChunkBlocks"/> blocks: each chunk sums its blocks into accumulators of its own, from zero, and
/// the chunks are added left to right, ((c₀ + c₁) + c₂) + …. The chunks depend on the row count alone, so the bits are
/// the same whether one thread runs every chunk or a <see cref="WorkerCrew"/> shares them out (from
/// <see cref="NarrowNetwork.ParallelRows"/> rows, thread p taking a contiguous run of chunks). Owns its buffers and
/// helper threads; not thread-safe.
/// </summary>
internal sealed class NarrowChunks<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Architecture architecture;
    private readonly int lanes, length, threads, parallelRows;
    private readonly NarrowBlock<T>[] blocks;
    // Chunk 0 sums into total, which then takes the others in order: partial (one thread) or partials[c] (shared).
    private readonly T[] total, partial, theta;
    private T[][] partials = [];
    private double[] costs = [];
    private WorkerCrew? crew;
    // The shared call in progress, read by every part.
    private NarrowRows<T>? current;
    private bool withCost;
    private int chunkBlocks, chunks, parts;

    /// <summary>
    /// Chunks for <paramref name="architecture"/> on up to <paramref name="threads"/> threads from
    /// <paramref name="parallelRows"/> rows (tests lower it to share small batches).
    /// </summary>
    public NarrowChunks(Architecture architecture, int threads, int parallelRows = NarrowNetwork.ParallelRows)
    {
        this.architecture = architecture;
        this.threads = Math.Max(1, threads);
        this.parallelRows = parallelRows;
        lanes = Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector256<T>.Count;
        length = NarrowBlock<T>.AccumulatorLength(architecture, lanes);
        blocks = new NarrowBlock<T>[this.threads];
        blocks[0] = new NarrowBlock<T>(architecture, lanes);
        (total, partial, theta) = (new T[length], new T[length], new T[architecture.Layout.Count]);
    }

    /// <summary>Writes Σ over <paramref name="rows"/>' blocks of their gradient terms into <paramref name="gradient"/>; returns their (weighted) loss sum.</summary>
    public double Accumulate(ReadOnlySpan<T> parameters, NarrowRows<T> rows, Span<T> gradient, bool withCost)
    {
        int blockCount = rows.Blocks;
        chunkBlocks = NarrowNetwork.ChunkBlocks(blockCount);
        chunks = (blockCount + chunkBlocks - 1) / chunkBlocks;
        parts = rows.Rows >= parallelRows ? Math.Min(threads, chunks) : 1;
        this.withCost = withCost;
        double data = parts > 1 ? Shared(parameters, rows) : Alone(parameters, rows);
        NarrowBlock<T>.Reduce(total, lanes, gradient);
        return data;
    }

    /// <summary>Stops the helper threads, if any were started.</summary>
    public void Dispose() => crew?.Dispose();

    private double Alone(ReadOnlySpan<T> parameters, NarrowRows<T> rows)
    {
        if (chunks == 0) total.AsSpan().Clear();
        double data = 0;
        for (int c = 0; c < chunks; c++)
        {
            double chunk = Chunk(blocks[0], c == 0 ? total : partial, parameters, rows, c);
            if (c == 0) data = chunk;
            else
            {
                TensorPrimitives.Add<T>(total, partial, total);
                data += chunk;
            }
        }
        return data;
    }

    private double Shared(ReadOnlySpan<T> parameters, NarrowRows<T> rows)
    {
        // The helpers read θ from a buffer of this object's (a span cannot cross threads).
        parameters.CopyTo(theta);
        current = rows;
        if (partials.Length < chunks)
        {
            partials = new T[chunks][];
            for (int c = 1; c < chunks; c++) partials[c] = new T[length];
            costs = new double[chunks];
        }
        if (crew is null)
        {
            for (int p = 1; p < threads; p++) blocks[p] = new NarrowBlock<T>(architecture, lanes);
            crew = new WorkerCrew(threads - 1, Part);
        }
        crew.Run(parts);
        current = null;
        double data = costs[0];
        for (int c = 1; c < chunks; c++)
        {
            TensorPrimitives.Add<T>(total, partials[c], total);
            data += costs[c];
        }
        return data;
    }

    // Part p of a shared call: chunks [p·C/P, (p+1)·C/P), each into its own buffer.
    private void Part(int p)
    {
        for (int c = p * chunks / parts; c < (p + 1) * chunks / parts; c++)
            costs[c] = Chunk(blocks[p], c == 0 ? total : partials[c], theta, current!, c);
    }

    // Chunk c's blocks summed from zero into target; returns their loss sum (0 without the cost).
    private double Chunk(NarrowBlock<T> block, T[] target, ReadOnlySpan<T> parameters, NarrowRows<T> rows, int c)
    {
        block.Into(target);
        block.Clear();
        double data = 0;
        for (int b = c * chunkBlocks, end = Math.Min(b + chunkBlocks, rows.Blocks); b < end; b++)
        {
            data += Vector512.IsHardwareAccelerated
                ? block.Run<Vector512<T>, RowLanes512<T>>(parameters, rows, b, withCost)
                : block.Run<Vector256<T>, RowLanes256<T>>(parameters, rows, b, withCost);
        }
        return data;
    }
}
