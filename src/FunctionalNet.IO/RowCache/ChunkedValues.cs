using System.Runtime.InteropServices;

namespace FunctionalNet.IO;

/// <summary>
/// A growing column of doubles (a streamed cache's targets or weights) in fixed chunks, so growth never copies what is
/// held (a doubling list holds up to three times its values while it grows) and no chunk reaches the large-object heap.
/// </summary>
internal sealed class ChunkedValues : IReadOnlyList<double>
{
    private const int Shift = 13, ChunkLength = 1 << Shift;
    private readonly List<double[]> chunks = [];

    public int Count { get; private set; }

    public double this[int index] => chunks[index >> Shift][index & (ChunkLength - 1)];

    public void Add(double value)
    {
        if ((Count & (ChunkLength - 1)) == 0) chunks.Add(new double[ChunkLength]);
        chunks[^1][Count & (ChunkLength - 1)] = value;
        Count++;
    }

    /// <summary>Receives the next bytes of a region.</summary>
    public delegate void Region(ReadOnlySpan<byte> bytes);

    /// <summary>The values after the first <paramref name="skip"/>, as little-endian bytes into <paramref name="write"/> (a staged cache's region).</summary>
    public void WriteTo(Region write, int skip)
    {
        for (int k = 0, start = 0; start < Count; k++, start += ChunkLength)
        {
            int from = Math.Clamp(skip - start, 0, ChunkLength), to = Math.Min(ChunkLength, Count - start);
            if (from < to) write(MemoryMarshal.AsBytes(chunks[k].AsSpan(from, to - from)));
        }
    }

    public IEnumerator<double> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
