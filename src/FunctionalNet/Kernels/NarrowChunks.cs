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
/// the same whether one thread runs every chunk or the run's <see cref="KernelCrew"/> shares them out (from
/// <see cref="NarrowNetwork.ParallelRows"/> rows, each thread claiming the next unclaimed chunk, so the caller never waits
/// for a helper that has not started). Owns its buffers; not thread-safe.
/// </summary>
internal sealed class NarrowChunks<T> : ICrewJob where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Architecture architecture;
    private readonly int lanes, length, threads, parallelRows;
    private readonly NarrowBlock<T>[] blocks;
    // Chunk 0 sums into total, which then takes the others in order: partial (one thread) or partials[c] (shared).
    private readonly T[] total, partial, theta;
    private T[][] partials = [];
    private double[] costs = [];
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? failure;
    private readonly KernelCrew? crew;
    // The shared call in progress, read by every part.
    private NarrowRows<T>? current;
    private bool withCost;
    private int chunkBlocks, chunks, parts, finished, call;
    // The open call's claims: generation << 32 | chunk count << 16 | next unclaimed chunk.
    private long claims;
    // The open call's seats (one per thread, each with its own block): generation << 32 | seats taken; the caller holds seat 0.
    private long seats;

    /// <summary>
    /// Chunks for <paramref name="architecture"/> on up to <paramref name="parallelism"/>'s threads (its crew's helpers and the
    /// caller) from <paramref name="parallelRows"/> rows (tests lower it to share small batches).
    /// </summary>
    public NarrowChunks(Architecture architecture, Parallelism parallelism, int parallelRows = NarrowNetwork.ParallelRows)
    {
        this.architecture = architecture;
        crew = parallelism.Crew;
        threads = crew is null ? 1 : Math.Max(1, parallelism.MaxThreads);
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
        if (blocks[^1] is null)
            for (int p = 1; p < threads; p++) blocks[p] = new NarrowBlock<T>(architecture, lanes);
        // Open the call: this generation, its seats and chunk count, next chunk 0 (the fields above are set before, released here).
        finished = 0;
        call++;
        Volatile.Write(ref seats, (long)call << 32 | 1);
        Volatile.Write(ref claims, (long)call << 32 | (long)chunks << 16);
        crew!.Post(this);
        try
        {
            Claim(0, call);
        }
        finally
        {
            // A chunk that threw on this thread leaves the rest unclaimed; close them, or a parked helper would never finish them.
            Close();
            // Only chunks a helper has claimed are waited for (at most one per helper in flight).
            var spin = new SpinWait();
            while (Volatile.Read(ref finished) < chunks) spin.SpinOnce(sleep1Threshold: -1);
            current = null;
            crew.Done(this);
        }
        Interlocked.Exchange(ref failure, null)?.Throw();
        double data = costs[0];
        for (int c = 1; c < chunks; c++)
        {
            TensorPrimitives.Add<T>(total, partials[c], total);
            data += costs[c];
        }
        return data;
    }

    /// <summary>A crew helper's part: takes a free seat of the open call, if one is left, and claims chunks from it.</summary>
    public void Help()
    {
        int open = (int)(Volatile.Read(ref claims) >> 32);
        while (true)
        {
            long state = Volatile.Read(ref seats);
            int seat = (int)(state & 0xFFFF);
            // A seat of a call already closed, or none left: nothing to do (a late helper of one call never runs in the next).
            if ((int)(state >> 32) != open || seat >= threads) return;
            if (Interlocked.CompareExchange(ref seats, state + 1, state) == state)
            {
                Claim(seat, open);
                return;
            }
        }
    }

    // Seat p (0: the caller) takes unclaimed chunks of call `open` until none is left. A claim is a compare-exchange on
    // (generation, chunk count, next chunk), so a helper that wakes late cannot take a chunk of another call, and the fields
    // it reads after a claim belong to that call, which cannot end before the claimed chunk is finished.
    private void Claim(int p, int open)
    {
        while (true)
        {
            long state = Volatile.Read(ref claims);
            int next = (int)(state & 0xFFFF), count = (int)(state >> 16 & 0xFFFF);
            if ((int)(state >> 32) != open || next >= count) return;
            if (Interlocked.CompareExchange(ref claims, state + 1, state) != state) continue;
            try
            {
                costs[next] = Chunk(blocks[p], next == 0 ? total : partials[next], theta, current!, next);
            }
            catch (Exception e) when (p != 0)
            {
                // A helper's failure is the caller's: rethrown once the call's claimed chunks are done.
                failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                Interlocked.Increment(ref finished);
            }
        }
    }

    // Claims every chunk still unclaimed and counts it finished without running it (nothing, when Claim(0) returned).
    private void Close()
    {
        while (true)
        {
            long state = Volatile.Read(ref claims);
            int next = (int)(state & 0xFFFF), count = (int)(state >> 16 & 0xFFFF);
            if (next >= count) return;
            if (Interlocked.CompareExchange(ref claims, state + 1, state) == state) Interlocked.Increment(ref finished);
        }
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
