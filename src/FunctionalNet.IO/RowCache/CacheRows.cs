using System.Numerics;
using System.Runtime.InteropServices;
using FunctionalNet.Data;
using FunctionalNet.Formats;

namespace FunctionalNet.IO;

/// <summary>
/// A range of a cache's rows as the engine's row source: features read from the file by positioned reads (consecutive
/// rows in one read), scaled per gathered batch as x′ = (x − offset) / divisor in double (as the in-memory path scales),
/// targets one-hot from the labels (a regression cache's values standardised as (y − offset) / divisor when a target scaling
/// is given, as the in-memory path standardises them), sample weights (when the cache has them) from the file's weights. Each epoch visits the rows in <see cref="ChunkWindowOrder"/> (chunks of the cache's
/// chunk size, windows of <see cref="Window"/> chunks, <see cref="DefaultWindow"/> unless told), so the reads of an epoch stay within a few chunks at a time.
/// The file is read, never memory-mapped: a cache truncated while training reads it is a short read, reported as a
/// <see cref="RowCacheChangedException"/>, where a mapped page past the new end would be SIGBUS and a fatal crash.
/// </summary>
internal sealed class CacheRows<T> : IRowSource<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Chunks whose rows are permuted together unless told otherwise.</summary>
    public const int DefaultWindow = RowCache.DefaultWindow;

    // Bytes read at most at once: consecutive rows up to this much share one read.
    private const int ReadBytes = 1 << 20;

    private readonly RowCacheFile file;
    private readonly long first;
    private readonly double[]? offset, divisor, targetOffset, targetDivisor;
    private readonly int chunk, rowBytes;
    private readonly byte[] buffer;

    /// <summary>
    /// Rows [<paramref name="first"/>, first + <paramref name="count"/>) of <paramref name="file"/>, scaled when <paramref name="offset"/> is given,
    /// a regression cache's targets when <paramref name="targetOffset"/> is.
    /// </summary>
    public CacheRows(RowCacheFile file, long first, int count, int outputs, IReadOnlyList<double>? offset, IReadOnlyList<double>? divisor,
        int window = DefaultWindow, IReadOnlyList<double>? targetOffset = null, IReadOnlyList<double>? targetDivisor = null)
    {
        (this.targetOffset, this.targetDivisor) = (targetOffset?.ToArray(), targetDivisor?.ToArray());
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        Window = window;
        (this.file, this.first, Count, Outputs) = (file, first, count, outputs);
        (this.offset, this.divisor) = (offset?.ToArray(), divisor?.ToArray());
        chunk = file.Header.ChunkRows;
        Inputs = file.Header.Features;
        rowBytes = file.Header.RowBytes;
        buffer = new byte[Math.Max(rowBytes, ReadBytes / rowBytes * rowBytes)];
    }

    public int Count { get; }

    /// <summary>Chunks whose rows each epoch permutes together: more mixes better, and reads wider.</summary>
    public int Window { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    public void Order(Rng draws, Span<int> order) => ChunkWindowOrder.Fill(draws, chunk, Window, order);

    public bool Weighted => file.Weights is not null;

    public void Gather(ReadOnlySpan<int> rows, Span<T> features, Span<T> targets) => Gather(rows, features, targets, default);

    public void Gather(ReadOnlySpan<int> rows, Span<T> features, Span<T> targets, Span<T> weights)
    {
        if (!weights.IsEmpty && file.Weights is { } w)
            for (int i = 0; i < rows.Length; i++) weights[i] = T.CreateTruncating(w[first + rows[i]]);
        int n = Inputs, k = Outputs, most = buffer.Length / rowBytes;
        targets[..(rows.Length * k)].Clear();
        for (int i = 0; i < rows.Length;)
        {
            // A run of consecutive rows (all of them when a block is evaluated in row order) is one read.
            int run = 1;
            while (i + run < rows.Length && run < most && rows[i + run] == rows[i] + run) run++;
            var bytes = Read(rows[i], run);
            for (int j = 0; j < run; j++)
            {
                var x = features.Slice((i + j) * n, n);
                var raw = bytes.Slice(j * rowBytes, rowBytes);
                if (file.Header.ValueBytes == 4) Scale(MemoryMarshal.Cast<byte, float>(raw), x);
                else Scale(MemoryMarshal.Cast<byte, double>(raw), x);
                if (file.Values is { } values)
                {
                    Target(values.AsSpan((int)((first + rows[i + j]) * k), k), targets.Slice((i + j) * k, k));
                    continue;
                }
                int label = file.Labels[first + rows[i + j]];
                if (k == 1) targets[i + j] = T.CreateTruncating(label);
                else targets[(i + j) * k + label] = T.One;
            }
            i += run;
        }
    }

    /// <summary>The raw (unscaled) feature rows in row order, a chunk at a time in one reused buffer: for fitting a scaler.</summary>
    public IEnumerable<ReadOnlyMemory<double>> RawChunks()
    {
        var values = new double[(long)Math.Min(chunk, Count) * Inputs];
        for (long start = 0; start < Count; start += chunk)
        {
            int rows = (int)Math.Min(chunk, Count - start);
            for (int done = 0; done < rows;)
            {
                int run = Math.Min(rows - done, buffer.Length / rowBytes);
                var bytes = Read((int)(start + done), run);
                var target = values.AsSpan(done * Inputs, run * Inputs);
                if (file.Header.ValueBytes == 4)
                {
                    var single = MemoryMarshal.Cast<byte, float>(bytes);
                    for (int j = 0; j < target.Length; j++) target[j] = single[j];
                }
                else MemoryMarshal.Cast<byte, double>(bytes).CopyTo(target);
                done += run;
            }
            yield return values.AsMemory(0, rows * Inputs);
        }
    }

    // Rows [row, row + count) of this range as bytes, read at their place in the file; a short read means the file changed.
    private ReadOnlySpan<byte> Read(int row, int count)
    {
        long at = RowCacheHeader.Size + (first + row) * rowBytes;
        var target = buffer.AsSpan(0, count * rowBytes);
        for (int got = 0; got < target.Length;)
        {
            int n = RandomAccess.Read(file.Handle, target[got..], at + got);
            if (n == 0) throw new RowCacheChangedException(at + got, file.Header.FileLength);
            got += n;
        }
        file.Counted(target.Length);
        // A one-read verification running (RowCacheFile.VerifyFeatures) checks these bytes as they pass.
        file.Check?.Saw(at, target);
        return target;
    }

    // One row's real-valued targets, standardised in double as ScalerCard.Apply does, then rounded to T.
    private void Target(ReadOnlySpan<double> y, Span<T> target)
    {
        for (int c = 0; c < y.Length; c++)
            target[c] = T.CreateTruncating(targetOffset is null ? y[c] : (y[c] - targetOffset[c]) / targetDivisor![c]);
    }

    private void Scale<S>(ReadOnlySpan<S> raw, Span<T> x) where S : unmanaged, IFloatingPointIeee754<S>
    {
        if (offset is null)
            for (int j = 0; j < raw.Length; j++) x[j] = T.CreateTruncating(raw[j]);
        else
            for (int j = 0; j < raw.Length; j++) x[j] = T.CreateTruncating((double.CreateTruncating(raw[j]) - offset[j]) / divisor![j]);
    }
}
