using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using LanguageExt;
using Microsoft.Win32.SafeHandles;

namespace FunctionalNet.IO;

/// <summary>
/// A version-4 cache by its chunks (docs/formats.md): opened from its header, names and chunk table alone, its rows
/// verified chunk by chunk (by one process all of them, by each of several only its own), and the scaler's statistics
/// of any leading rows from the table.
/// </summary>
public sealed partial class RowCacheFile
{
    private ChunkTable? table;
    private bool[] targetsChecked = [], featuresChecked = [];
    private long unverified;

    /// <summary>Whether the cache has a chunk table (format version 4), so it can be opened and verified by chunks.</summary>
    public bool HasChunkTable => table is not null;

    /// <summary>Chunks of <see cref="RowCacheHeader.ChunkRows"/> rows (the last may be short).</summary>
    public long Chunks => Header.Chunks;

    /// <summary>Whether every chunk's rows have been verified (always, for a cache opened by <see cref="Open"/>).</summary>
    public bool Verified => unverified == 0;

    /// <summary>Bytes this object has read from the file so far (the header, names and table included): how many passes a run makes.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The check a pass over the features has running (<see cref="VerifyFeatures{TResult}"/>), which sees every read of rows.</summary>
    internal FeatureCheck? Check { get; private set; }

    /// <summary>
    /// Opens a cache reading only its header, names and (format version 4) chunk table, whose integrity the header's
    /// checksum covers; the rows are read by <see cref="VerifyChunks"/>, or by <see cref="VerifyTargets"/> then
    /// <see cref="VerifyFeatures{TResult}"/>, before any is used. With <paramref name="statisticsRows"/> (header → leading
    /// rows) <see cref="Statistics"/> holds those rows' column statistics, from the table plus one read of the partial
    /// chunk at the split. A cache without a table (versions 2 and 3) is opened as <see cref="Open"/> opens it: verified whole.
    /// </summary>
    public static Either<Error, RowCacheFile> OpenTable(string path, Func<RowCacheHeader, long>? statisticsRows = null) =>
        OpenFile(path, statisticsRows, verify: false);

    /// <summary>
    /// Reads and checks chunks [<paramref name="firstChunk"/>, firstChunk + <paramref name="count"/>) only: each one's
    /// features, targets and weights against its SHA-256s in the chunk table, every label's range, every target and
    /// feature finite and every weight finite and ≥ 0 — the lines <see cref="Open"/> gives, naming the chunk when its
    /// bytes are damaged. Their labels, targets and weights are then held for reading their rows. A cache opened whole
    /// (no chunk table) is verified already.
    /// </summary>
    public Either<Error, Unit> VerifyChunks(long firstChunk, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstChunk);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (firstChunk + count > Chunks) throw new ArgumentOutOfRangeException(nameof(count), $"chunks {firstChunk} to {firstChunk + count} run past the cache's {Chunks}");
        if (table is null) return Unit.Default;
        return Guarded(() =>
        {
            for (long c = firstChunk; c < firstChunk + count; c++)
                if (CheckTargets(c) is { } problem) return problem;
            return CheckFeatures(firstChunk, firstChunk + count, null);
        });
    }

    /// <summary>
    /// The first half of a one-read verification: every chunk's labels (or targets) and weights, checked as
    /// <see cref="VerifyChunks"/> checks them and then held, so a run can fit its target scaler and cost rows before the
    /// features are read. Nothing to do for a cache opened whole.
    /// </summary>
    public Either<Error, Unit> VerifyTargets() => table is null ? Unit.Default : Guarded<Unit>(() =>
    {
        for (long c = 0; c < Chunks; c++)
            if (!targetsChecked[c] && CheckTargets(c) is { } problem) return problem;
        return Unit.Default;
    });

    /// <summary>
    /// The second half: every chunk's features in one read of the file, running <paramref name="reading"/> first — any
    /// read of this cache's rows it makes in row order from the first row (a training source's blocked cost, say) is
    /// checked as it is made, so those bytes are not read twice — then reading the rest. The result of
    /// <paramref name="reading"/> (not null) when every chunk holds; else the first problem, as <see cref="VerifyChunks"/> names it.
    /// Call <see cref="VerifyTargets"/> first: the rows' labels come from there.
    /// </summary>
    public Either<Error, TResult> VerifyFeatures<TResult>(Func<TResult> reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (table is null) return reading();
        if (!VerifyTargets().TryRight(out _, out var problem)) return problem;
        TResult result = default!;
        return Guarded(() => CheckFeatures(0, Chunks, () => result = reading())).Map(_ => result);
    }

    /// <summary>
    /// The column statistics of rows [0, <paramref name="rows"/>): for a version-4 cache the chunk table's moments of
    /// every whole chunk merged in chunk order (<see cref="ColumnStatistics.Accumulator"/>), plus the partial chunk at
    /// the split read once — bit for bit what a pass over those rows computes; for an older cache such a pass.
    /// </summary>
    public Either<Error, ColumnStatistics> PrefixStatistics(long rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, Header.Rows);
        return Guarded(() =>
        {
            var sums = new ColumnStatistics.Accumulator(Header.Features);
            int chunkRows = Header.ChunkRows;
            for (long c = 0, first = 0; first < rows; c++, first += chunkRows)
            {
                int take = (int)Math.Min(chunkRows, rows - first);
                if (table is not null && take == table.Rows(c)) table.AddTo(sums, c);
                else if (ReadRows(first, take) is { } values) sums.Add<double>(values);
                else return Prelude.Left<Error, ColumnStatistics>(new Error("cache.file_length", $"the file ended before row {first + take}"));
            }
            return sums.Result();
        });
    }

    /// <summary>Called by a <see cref="FeatureCheck"/> when a chunk's features hold.</summary>
    internal void FeaturesChecked(long chunk)
    {
        if (featuresChecked[chunk]) return;
        featuresChecked[chunk] = true;
        if (targetsChecked[chunk]) unverified--;
    }

    /// <summary>Counts <paramref name="bytes"/> read by a row source in <see cref="BytesRead"/>.</summary>
    internal void Counted(int bytes) => BytesRead += bytes;

    /// <summary>Reads <paramref name="buffer"/> at <paramref name="offset"/>, counted in <see cref="BytesRead"/>; the count read.</summary>
    internal int Read(Span<byte> buffer, long offset)
    {
        int got = ReadAt(Handle, buffer, offset);
        BytesRead += got;
        return got;
    }

    // A version-4 cache's header, names and chunk table (checksum over them), counted as read.
    private static Either<Error, RowCacheFile> Tabled(string path, SafeFileHandle handle, RowCacheHeader header, byte[] names, long read,
        Func<RowCacheHeader, long>? statisticsRows, bool verify)
    {
        var bytes = new byte[header.TableLength];
        if (ReadAt(handle, bytes, header.TableOffset) != bytes.Length)
            return Bad(path, "cache.file_length", $"the file ended before its chunk table, at byte {header.TableOffset}");
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            hash.AppendData(names);
            hash.AppendData(bytes);
            hash.AppendData(header.WithoutChecksum().Encode());
            var sum = hash.GetHashAndReset();
            if (!sum.AsSpan().SequenceEqual(header.Checksum.AsSpan()))
                return Bad(path, "cache.checksum", $"checksum is {Convert.ToHexStringLower(header.Checksum.AsSpan())}, the names, chunk table and header hash to {Convert.ToHexStringLower(sum)}: the file is damaged");
        }
        if (!header.DecodeNames(names).MapLeft(e => Bad(path, e)).TryRight(out var decoded, out var problem)) return problem;
        var chunks = new ChunkTable(header, bytes);
        var file = new RowCacheFile(path, header, decoded.Features, decoded.Classes, new int[header.Rows], handle)
        {
            LargestMagnitude = chunks.LargestMagnitude(),
            Weights = header.Weighted ? new double[header.Rows] : null,
            Values = header.Regression ? new double[header.Rows * header.Classes] : null,
        };
        file.BytesRead = read + bytes.Length;
        (file.table, file.targetsChecked, file.featuresChecked, file.unverified) = (chunks, new bool[header.Chunks], new bool[header.Chunks], header.Chunks);
        if (verify && !file.VerifyChunks(0, (int)header.Chunks).TryRight(out _, out problem)) return problem;
        long rows = Math.Clamp(statisticsRows?.Invoke(header) ?? 0, 0, header.Rows);
        if (rows > 0)
        {
            if (!file.PrefixStatistics(rows).TryRight(out var statistics, out problem)) return problem;
            file.Statistics = statistics;
        }
        return file;
    }

    // Chunk c's labels or targets, and weights, read into the arrays rows are gathered from, each region against its SHA-256.
    private Error? CheckTargets(long c)
    {
        var chunks = table!;
        long first = c * Header.ChunkRows;
        int rows = chunks.Rows(c);
        var targets = Values is { } values ? MemoryMarshal.AsBytes(values.AsSpan((int)(first * Header.Classes), rows * Header.Classes))
            : MemoryMarshal.AsBytes(Labels.AsSpan((int)first, rows));
        if (Region(targets, Header.TargetsOffset + first * Header.TargetBytes, c, chunks.TargetsDigest(c), Header.Regression ? "targets" : "class labels") is { } bad)
            return bad;
        if (Values is null)
            for (int r = 0; r < rows; r++)
                if ((uint)Labels[first + r] >= (uint)Header.Classes)
                    return new Error("cache.labels", $"row {first + r + 1} has class label {Labels[first + r]}, expected 0 to {Header.Classes - 1}");
        if (Values is { } v && Array.FindIndex(v, (int)(first * Header.Classes), rows * Header.Classes, x => !double.IsFinite(x)) is var at and >= 0)
            return new Error("cache.targets", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"row {at / Header.Classes + 1}, target {at % Header.Classes + 1} holds {v[at]:R}, expected a finite number"));
        if (Weights is { } w)
        {
            if (Region(MemoryMarshal.AsBytes(w.AsSpan((int)first, rows)), Header.WeightsOffset + first * 8, c, chunks.WeightsDigest(c), "sample weights") is { } damaged)
                return damaged;
            for (long r = first; r < first + rows; r++)
                if (!(w[r] >= 0) || double.IsInfinity(w[r]))
                    return new Error("cache.weights", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"row {r + 1} has sample weight {w[r]:R}, expected a finite number ≥ 0"));
        }
        if (!targetsChecked[c])
        {
            targetsChecked[c] = true;
            if (featuresChecked[c]) unverified--;
        }
        return null;
    }

    // One region of a chunk read whole into place and hashed against the table.
    private Error? Region(Span<byte> into, long offset, long c, ReadOnlySpan<byte> expected, string what)
    {
        if (Read(into, offset) != into.Length) return new Error("cache.file_length", $"the file ended inside chunk {c + 1}'s {what}, at byte {offset}");
        var sum = SHA256.HashData(into);
        return sum.AsSpan().SequenceEqual(expected) ? null : Damaged(c, c * Header.ChunkRows, table!.Rows(c), what, expected, sum);
    }

    // The features of chunks [first, end) read in order through one check, after `reading` has read what it reads.
    private Either<Error, Unit> CheckFeatures(long first, long end, Action? reading)
    {
        using var check = new FeatureCheck(this, table!, first, end);
        Check = check;
        try
        {
            reading?.Invoke();
        }
        finally
        {
            Check = null;
        }
        var buffer = new byte[Math.Min(1 << 20, Math.Max(8, check.End - check.Position))];
        while (check.Problem is null && check.Position < check.End)
        {
            long at = check.Position;
            int n = Read(buffer.AsSpan(0, (int)Math.Min(buffer.Length, check.End - at)), at);
            if (n == 0) return new Error("cache.file_length", $"the file ended at byte {at}, the header says {Header.FileLength}");
            check.Saw(at, buffer.AsSpan(0, n));
        }
        return check.Problem is { } problem ? problem : Unit.Default;
    }

    // Rows [first, first + count) as doubles, read once; null when the file ends first.
    private double[]? ReadRows(long first, int count)
    {
        var values = new double[(long)count * Header.Features];
        var bytes = new byte[(long)count * Header.RowBytes];
        if (Read(bytes, RowCacheHeader.Size + first * Header.RowBytes) != bytes.Length) return null;
        if (Header.ValueBytes == 4)
        {
            var single = MemoryMarshal.Cast<byte, float>(bytes);
            for (int i = 0; i < values.Length; i++) values[i] = single[i];
        }
        else MemoryMarshal.Cast<byte, double>(bytes).CopyTo(values);
        return values;
    }

    /// <summary>The line for a chunk region whose bytes do not hash to the table's SHA-256.</summary>
    internal static Error Damaged(long chunk, long first, int rows, string what, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> found) =>
        new("cache.checksum", $"chunk {chunk + 1} (rows {first + 1} to {first + rows}): its {what} hash to {Convert.ToHexStringLower(found)}, the chunk table says {Convert.ToHexStringLower(expected)}: the file is damaged");

    // A check's problem named with the file; a file that changed or failed under the read is one line too.
    private Either<Error, TResult> Guarded<TResult>(Func<Either<Error, TResult>> check) =>
        IoErrors.Guard<TResult>(Path, "cache", () => check().MapLeft(e => e.Message.StartsWith("cache ", StringComparison.Ordinal) ? e : Bad(Path, e)));
}
