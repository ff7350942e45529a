using System.IO.MemoryMappedFiles;
using System.Numerics;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Randomness;

namespace FunctionalNet.Cli.RowCache;

/// <summary>
/// A range of a cache's rows as the engine's row source: features read from the memory-mapped file, scaled per gathered
/// batch as x′ = (x − offset) / divisor in double (as the in-memory path scales), targets one-hot from the labels. Each
/// epoch visits the rows in <see cref="ChunkWindowOrder"/> (chunks of the cache's chunk size, windows of
/// <see cref="Window"/> chunks), and only the chunks in use are mapped: a view per chunk, at most 2 × window kept, so the
/// mapped working set stays bounded however large the file.
/// </summary>
internal sealed class MappedRows<T> : IRowSource<T>, IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Chunks whose rows are permuted together.</summary>
    public const int Window = 16;

    private readonly RowCacheFile file;
    private readonly long first;
    private readonly double[]? offset, divisor;
    private readonly int chunk;
    private readonly float[] singleRow;
    private readonly double[] doubleRow;
    // Mapped chunk views, least recently used first.
    private readonly LinkedList<(int Chunk, MemoryMappedViewAccessor View)> views = new();

    /// <summary>Rows [<paramref name="first"/>, first + <paramref name="count"/>) of <paramref name="file"/>, scaled when <paramref name="offset"/> is given.</summary>
    public MappedRows(RowCacheFile file, long first, int count, int outputs, IReadOnlyList<double>? offset, IReadOnlyList<double>? divisor)
    {
        (this.file, this.first, Count, Outputs) = (file, first, count, outputs);
        (this.offset, this.divisor) = (offset?.ToArray(), divisor?.ToArray());
        chunk = file.Header.ChunkRows;
        Inputs = file.Header.Features;
        singleRow = file.Header.ValueBytes == 4 ? new float[Inputs] : [];
        doubleRow = file.Header.ValueBytes == 8 ? new double[Inputs] : [];
    }

    public int Count { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    public void Order(Rng draws, Span<int> order) => ChunkWindowOrder.Fill(draws, chunk, Window, order);

    public void Gather(ReadOnlySpan<int> rows, Span<T> features, Span<T> targets)
    {
        int n = Inputs, k = Outputs;
        targets[..(rows.Length * k)].Clear();
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            var view = View(r / chunk);
            ulong at = (ulong)(view.PointerOffset + (long)(r % chunk) * file.Header.RowBytes);
            var x = features.Slice(i * n, n);
            if (singleRow.Length > 0)
            {
                view.SafeMemoryMappedViewHandle.ReadSpan<float>(at, singleRow);
                Scale(singleRow, x);
            }
            else
            {
                view.SafeMemoryMappedViewHandle.ReadSpan<double>(at, doubleRow);
                Scale(doubleRow, x);
            }
            int label = file.Labels[first + r];
            if (k == 1) targets[i] = T.CreateTruncating(label);
            else targets[i * k + label] = T.One;
        }
    }

    /// <summary>The raw (unscaled) feature rows in row order, a chunk at a time in one reused buffer: for fitting a scaler.</summary>
    public IEnumerable<ReadOnlyMemory<double>> RawChunks()
    {
        var buffer = new double[(long)Math.Min(chunk, Count) * Inputs];
        for (int c = 0; c * (long)chunk < Count; c++)
        {
            int rows = (int)Math.Min(chunk, Count - (long)c * chunk);
            var view = View(c);
            for (int r = 0; r < rows; r++)
            {
                ulong at = (ulong)(view.PointerOffset + (long)r * file.Header.RowBytes);
                var target = buffer.AsSpan(r * Inputs, Inputs);
                if (singleRow.Length > 0)
                {
                    view.SafeMemoryMappedViewHandle.ReadSpan<float>(at, singleRow);
                    for (int j = 0; j < Inputs; j++) target[j] = singleRow[j];
                }
                else view.SafeMemoryMappedViewHandle.ReadSpan<double>(at, target);
            }
            yield return buffer.AsMemory(0, rows * Inputs);
        }
    }

    private void Scale<S>(ReadOnlySpan<S> raw, Span<T> x) where S : unmanaged, IFloatingPointIeee754<S>
    {
        if (offset is null)
            for (int j = 0; j < raw.Length; j++) x[j] = T.CreateTruncating(raw[j]);
        else
            for (int j = 0; j < raw.Length; j++) x[j] = T.CreateTruncating((double.CreateTruncating(raw[j]) - offset[j]) / divisor![j]);
    }

    // The view of chunk c of this range, mapping it (and unmapping the least recently used beyond 2 × window) on demand.
    private MemoryMappedViewAccessor View(int c)
    {
        for (var node = views.Last; node is not null; node = node.Previous)
            if (node.Value.Chunk == c)
            {
                if (node != views.Last)
                {
                    views.Remove(node);
                    views.AddLast(node);
                }
                return node.Value.View;
            }
        if (views.Count >= 2 * Window)
        {
            views.First!.Value.View.Dispose();
            views.RemoveFirst();
        }
        long row = first + (long)c * chunk;
        long rows = Math.Min(chunk, Count - (long)c * chunk);
        var view = file.Map.CreateViewAccessor(RowCacheHeader.Size + row * file.Header.RowBytes, rows * file.Header.RowBytes, MemoryMappedFileAccess.Read);
        views.AddLast((c, view));
        return view;
    }

    public void Dispose()
    {
        foreach (var (_, view) in views) view.Dispose();
        views.Clear();
    }
}
