using System.Numerics;
using FunctionalNet.Tensors;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// Feature rows of a fixed width in the working precision, in chunks of whole rows: a row is parsed straight into
/// <see cref="Next"/>'s span and kept by <see cref="Commit"/>, and growth never copies what was read (a doubling
/// list would hold up to three times the data while it grows). Given the expected row count (lines counted in a
/// seekable file), the first chunk holds them all and becomes the matrix itself, without a final copy.
/// </summary>
internal sealed class RowBuffer<T>(int width, int expectedRows = 0) : IFeatureSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Chunks double from about 4 KB to about 1 MB (always at least one row), so a tiny table allocates little.
    private readonly int maxRows = Math.Max(1, (1 << 20) / Math.Max(1, width * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
    private int chunkRows = Math.Max(1, (1 << 12) / Math.Max(1, width * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
    private readonly List<T[]> chunks = [];
    private int inChunk;

    /// <summary>Rows kept so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Where the next row goes; it is kept only if <see cref="Commit"/> follows.</summary>
    public Span<T> Next()
    {
        if (chunks.Count == 0 || (long)(inChunk + 1) * width > chunks[^1].Length)
        {
            if (chunks.Count > 0) chunkRows = Math.Min(maxRows, 2 * chunkRows);
            chunks.Add(new T[(long)(chunks.Count == 0 ? Math.Max(expectedRows, chunkRows) : chunkRows) * width]);
            inChunk = 0;
        }
        return chunks[^1].AsSpan(inChunk * width, width);
    }

    /// <summary>Keeps the row last written into <see cref="Next"/>'s span.</summary>
    public void Commit()
    {
        inChunk++;
        Rows++;
    }

    /// <summary>All kept rows but the first <paramref name="skip"/>, as one matrix (the chunks are released as they are copied).</summary>
    public Matrix<T> ToMatrix(int skip)
    {
        int rows = Rows - skip;
        if (skip == 0 && chunks.Count == 1 && chunks[0].Length == (long)rows * width) return Matrix<T>.Own(rows, width, chunks[0]);
        var data = new T[checked((long)rows * width)];
        long at = 0, skipValues = (long)skip * width, left = (long)Rows * width;
        for (int k = 0; k < chunks.Count && left > 0; k++)
        {
            var chunk = chunks[k].AsSpan(0, (int)Math.Min(chunks[k].Length, left));
            left -= chunk.Length;
            chunks[k] = [];
            int drop = (int)Math.Min(skipValues, chunk.Length);
            skipValues -= drop;
            chunk[drop..].CopyTo(data.AsSpan((int)at));
            at += chunk.Length - drop;
        }
        chunks.Clear();
        return Matrix<T>.Own(rows, width, data);
    }
}
