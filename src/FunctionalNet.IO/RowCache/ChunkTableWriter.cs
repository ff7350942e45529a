using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Writes a staged cache's regions (features, targets, weights, names) and the version-4 chunk table after them
/// (docs/formats.md): each chunk's SHA-256 of its features, targets and weights as they stream past, and its exact
/// column moments (<see cref="ChunkMoments"/>): sums, minima, maxima and the first row as the values stream, the squared
/// deviations by reading the just-written chunk back from the staged file once its mean is known — a quarter-megabyte
/// buffer, never a chunk held in memory. The header's checksum is the SHA-256 of the names, the table and the header.
/// </summary>
internal sealed class ChunkTableWriter : IDisposable
{
    private const int ReadBack = 1 << 18;
    private readonly FileStream stream;
    private readonly int features, valueBytes, chunkRows;
    private readonly long chunkBytes;
    private readonly RegionDigests featureDigests;
    private RegionDigests? targetDigests;
    private readonly RegionDigests weightDigests;
    private readonly ChunkMoments moments;
    private readonly List<byte[]> statistics = [];
    private readonly byte[] carry = new byte[8];
    private int carried;
    private byte[]? readBack;
    private bool featuresEnded;

    /// <summary>A table for rows of <paramref name="features"/> values of <paramref name="valueBytes"/> bytes, in chunks of <paramref name="chunkRows"/>.</summary>
    public ChunkTableWriter(FileStream stream, int features, int valueBytes, int chunkRows)
    {
        (this.stream, this.features, this.valueBytes, this.chunkRows) = (stream, features, valueBytes, chunkRows);
        chunkBytes = (long)chunkRows * features * valueBytes;
        featureDigests = new RegionDigests(chunkBytes);
        weightDigests = new RegionDigests(8L * chunkRows);
        moments = new ChunkMoments(features);
    }

    /// <summary>The next feature bytes, in row order: written to the staged file, hashed per chunk, and their moments gathered.</summary>
    public void Features(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        while (!bytes.IsEmpty)
        {
            long into = featureDigests.Length % chunkBytes;
            int take = (int)Math.Min(bytes.Length, chunkBytes - into);
            Sum(bytes[..take], into);
            featureDigests.Add(bytes[..take]);
            bytes = bytes[take..];
            if (into + take == chunkBytes) EndChunk(chunkRows);
        }
    }

    /// <summary>The next target bytes (class labels, 4 bytes a row, or target values, 8 a column): written and hashed per chunk.</summary>
    public void Targets(ReadOnlySpan<byte> bytes, int rowBytes)
    {
        EndFeatures();
        targetDigests ??= new RegionDigests((long)chunkRows * rowBytes);
        stream.Write(bytes);
        targetDigests.Add(bytes);
    }

    /// <summary>The next sample weight bytes (8 a row): written and hashed per chunk.</summary>
    public void Weights(ReadOnlySpan<byte> bytes)
    {
        EndFeatures();
        stream.Write(bytes);
        weightDigests.Add(bytes);
    }

    /// <summary>
    /// Writes the names and the chunk table after the rows and returns <paramref name="header"/> with its checksum, or the
    /// problem when the regions written do not hold the header's rows.
    /// </summary>
    public Either<Error, RowCacheHeader> Finish(RowCacheHeader header, byte[] names)
    {
        EndFeatures();
        targetDigests?.End();
        weightDigests.End();
        stream.Write(names);
        header = header.WithoutChecksum();
        if (stream.Length != header.TableOffset)
        {
            long featureBytes = stream.Length - (header.TableOffset - header.TargetsOffset) - RowCacheHeader.Size;
            return new Error("cache.rows", $"the blocks held {featureBytes} feature bytes, expected {header.Rows} rows × {header.Features} × {header.ValueBytes}");
        }
        if (featureDigests.Digests.Count != header.Chunks || targetDigests?.Digests.Count != header.Chunks
            || header.Weighted && weightDigests.Digests.Count != header.Chunks)
            return new Error("cache.rows", $"the blocks' features, targets and weights do not make the {header.Chunks} chunks of {header.Rows} rows");
        using var sum = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sum.AppendData(names);
        var none = new byte[32];
        for (int c = 0; c < header.Chunks; c++)
        {
            foreach (var part in new[] { featureDigests.Digests[c], targetDigests.Digests[c], header.Weighted ? weightDigests.Digests[c] : none })
            {
                stream.Write(part);
                sum.AppendData(part);
            }
            stream.Write(statistics[c]);
            sum.AppendData(statistics[c]);
        }
        sum.AppendData(header.Encode());
        return header with { Checksum = [.. sum.GetHashAndReset()] };
    }

    // The first pass over feature bytes starting `into` bytes into the current chunk; a value split between pieces waits in carry.
    private void Sum(ReadOnlySpan<byte> bytes, long into)
    {
        long index = (into - carried) / valueBytes;
        if (carried > 0)
        {
            int more = Math.Min(valueBytes - carried, bytes.Length);
            bytes[..more].CopyTo(carry.AsSpan(carried));
            carried += more;
            bytes = bytes[more..];
            if (carried < valueBytes) return;
            SumValues(carry.AsSpan(0, valueBytes), index++);
            carried = 0;
        }
        int whole = bytes.Length / valueBytes * valueBytes;
        SumValues(bytes[..whole], index);
        bytes[whole..].CopyTo(carry);
        carried = bytes.Length - whole;
    }

    private void SumValues(ReadOnlySpan<byte> bytes, long index)
    {
        if (valueBytes == 4) moments.Sum(MemoryMarshal.Cast<byte, float>(bytes), index);
        else moments.Sum(MemoryMarshal.Cast<byte, double>(bytes), index);
    }

    // The chunk just completed: its means, then its squared deviations from the chunk read back, then its record's statistics.
    private void EndChunk(int rows)
    {
        moments.EndSum(rows);
        stream.Flush();
        readBack ??= new byte[Math.Max(ReadBack / valueBytes * valueBytes, valueBytes)];
        long start = RowCacheHeader.Size + (long)statistics.Count * chunkBytes, length = (long)rows * features * valueBytes;
        for (long done = 0; done < length;)
        {
            int n = RandomAccess.Read(stream.SafeFileHandle, readBack.AsSpan(0, (int)Math.Min(readBack.Length, length - done)), start + done);
            if (n <= 0 || n % valueBytes != 0) throw new IOException($"the staged cache could not be read back at byte {start + done}");
            if (valueBytes == 4) moments.Deviate(MemoryMarshal.Cast<byte, float>(readBack.AsSpan(0, n)), done / valueBytes);
            else moments.Deviate(MemoryMarshal.Cast<byte, double>(readBack.AsSpan(0, n)), done / valueBytes);
            done += n;
        }
        var record = new byte[40L * features];
        int at = 0;
        void Put(ReadOnlySpan<double> values)
        {
            foreach (double v in values)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(record.AsSpan(at), v);
                at += 8;
            }
        }
        Put(moments.Mean);
        Put(moments.M2);
        Put(moments.Min);
        Put(moments.Max);
        Put(moments.First);
        statistics.Add(record);
        moments.Reset();
    }

    // The features end where the first target byte comes: the last, partial chunk is closed.
    private void EndFeatures()
    {
        if (featuresEnded) return;
        featuresEnded = true;
        long into = featureDigests.Length % chunkBytes;
        int rows = (int)(into / ((long)features * valueBytes));
        featureDigests.End();
        if (into > 0 && rows > 0) EndChunk(rows);
    }

    public void Dispose()
    {
        featureDigests.Dispose();
        targetDigests?.Dispose();
        weightDigests.Dispose();
    }
}
