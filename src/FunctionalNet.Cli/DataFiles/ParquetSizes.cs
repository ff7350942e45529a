using System.Buffers.Binary;
using FunctionalNet.Cli.Limits;
using LanguageExt;
using Parquet.Meta;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>
/// Every size a Parquet file states, checked against the file's real size and the memory estimate before a reader
/// allocates by it: the footer's length (a reader allocates it whole), the footer's own lists and strings
/// (<see cref="ThriftScan"/>), each column chunk's place and byte count, each page's, and the rows the table claims. A crafted
/// footer is then one line naming the claim, never an allocation of what it claims.
/// </summary>
/// <remarks>Error codes: parquet.format (no PAR1 at the end), parquet.footer, parquet.chunk, parquet.page, and memory.estimate for rows past the memory.</remarks>
internal static class ParquetSizes
{
    // PAR1 at each end and the footer's 4-byte length before the last.
    private const int Frame = 12;

    /// <summary>
    /// The footer's length after checking it fits in the file (and within <see cref="InputCaps.FooterBytes"/>) and that
    /// its bytes are a well-formed struct whose every length fits in them; the stream is left at its start.
    /// </summary>
    public static Either<CliError, int> Footer(Stream stream, string path)
    {
        long length = stream.Length;
        if (length < Frame) return Refuse("parquet.footer", $"data file {path} has {length} bytes, fewer than the {Frame} of the smallest Parquet file");
        var tail = new byte[8];
        stream.Seek(-8, SeekOrigin.End);
        stream.ReadExactly(tail);
        if (!ParquetFiles.IsParquet(tail.AsSpan(4)))
            return Refuse("parquet.format", $"data file {path} is not a readable Parquet table: it does not end with PAR1 (cut short?)");
        int footer = BinaryPrimitives.ReadInt32LittleEndian(tail);
        long room = Math.Min(length - Frame, InputCaps.FooterBytes);
        if (footer <= 0 || footer > room)
            return Refuse("parquet.footer", $"data file {path}: its footer claims {footer} bytes, but the {length}-byte file has room for at most {room}");
        var bytes = new byte[footer];
        stream.Seek(-8L - footer, SeekOrigin.End);
        stream.ReadExactly(bytes);
        stream.Seek(0, SeekOrigin.Begin);
        return ThriftScan.Struct(bytes, 0, footer).Match(
            Right: _ => Prelude.Right<CliError, int>(footer),
            Left: problem => Refuse("parquet.footer", $"data file {path}: its {footer}-byte footer is not a valid Parquet footer: {problem}"));
    }

    /// <summary>
    /// Null when every row group's row count is ≥ 0 (and they add up to the file's) and every column chunk lies within the file's data (between the
    /// leading PAR1 and the footer) with no more values than its row group has rows; else the error naming the claim.
    /// </summary>
    public static CliError? Chunks(FileMetaData meta, long length, int footer, string path)
    {
        long dataEnd = length - 8 - footer, rows = 0;
        for (int g = 0; g < meta.RowGroups.Count; g++)
        {
            var group = meta.RowGroups[g];
            // One array holds a column of a row group, so more rows than that are not a table this reads (nor can they add up past a long).
            if (group.NumRows < 0 || group.NumRows > Array.MaxLength)
                return Fail("parquet.chunk", $"data file {path}, row group {g}: expected a row count from 0 to {Array.MaxLength}, found {group.NumRows}");
            rows += group.NumRows;
            foreach (var chunk in group.Columns)
            {
                string where = $"data file {path}, row group {g}, column \"{string.Join('.', chunk.MetaData?.PathInSchema ?? [])}\"";
                if (chunk.MetaData is not { } column) return Fail("parquet.chunk", $"{where}: expected the column chunk's metadata, found none");
                long start = Start(column);
                if (start < 4 || start >= dataEnd)
                    return Fail("parquet.chunk", $"{where}: its data is said to start at byte {start}, outside the file's data (bytes 4 to {dataEnd} of {length})");
                if (column.TotalCompressedSize < 0 || column.TotalCompressedSize > dataEnd - start)
                    return Fail("parquet.chunk", $"{where}: it claims {column.TotalCompressedSize} bytes from byte {start}, but the {length}-byte file has {dataEnd - start} there");
                if (column.NumValues < 0 || column.NumValues > group.NumRows)
                    return Fail("parquet.chunk", $"{where}: it claims {column.NumValues} values in a row group of {group.NumRows} rows");
            }
        }
        return meta.NumRows == rows ? null
            : Fail("parquet.chunk", $"data file {path}: its footer claims {meta.NumRows} rows, but its row groups hold {rows}");
    }

    /// <summary>
    /// Null when every page of every column chunk, walked as a reader walks them (until the chunk's values are read),
    /// has a well-formed header and lies within the file's data, decompresses to a size the memory holds, and holds no
    /// more values than its row group has rows; else the error naming the page's claim. Run after <see cref="Chunks"/>.
    /// </summary>
    public static CliError? Pages(Stream stream, FileMetaData meta, long length, int footer, string path)
    {
        long dataEnd = length - 8 - footer;
        for (int g = 0; g < meta.RowGroups.Count; g++)
        {
            var group = meta.RowGroups[g];
            foreach (var column in group.Columns.Select(c => c.MetaData!))
            {
                string where = $"data file {path}, row group {g}, column \"{string.Join('.', column.PathInSchema)}\"";
                long at = Start(column), values = 0;
                while (values < column.NumValues)
                {
                    var (header, problem) = PageHeader(stream, at, dataEnd);
                    if (header is null) return Fail("parquet.page", $"{where}: expected a page header at byte {at} of {length}, {problem}");
                    long Field(string id) => header.Integers.FirstOrDefault(i => i.Path == id).Value;
                    long compressed = Field("3"), uncompressed = Field("2"), count = Field("5.1") + Field("8.1"), dictionary = Field("7.1");
                    long next = at + header.Length + compressed;
                    if (compressed < 0 || next > dataEnd)
                        return Fail("parquet.page", $"{where}: the page at byte {at} claims {compressed} bytes, but the file's data ends at byte {dataEnd}");
                    if (uncompressed < 0 || count < 0 || count > group.NumRows || dictionary < 0 || dictionary > uncompressed)
                        return Fail("parquet.page", $"{where}: the page at byte {at} claims {uncompressed} bytes uncompressed, {Math.Max(count, dictionary)} values, in a row group of {group.NumRows} rows");
                    if (!new MemoryEstimate($"decompressing the {uncompressed}-byte page at byte {at} of data file {path}", uncompressed, "check that the file is not damaged").Fits()
                        .TryRight(out _, out var tooBig))
                        return tooBig;
                    values += count;
                    at = next;
                }
            }
        }
        return null;
    }

    // The page header at `at` (a few hundred bytes, or up to 1 MiB when it carries long statistics), or what is wrong.
    private static (ThriftScan? Header, string? Problem) PageHeader(Stream stream, long at, long dataEnd)
    {
        (ThriftScan?, string?) scan = (null, "found the end of the file's data");
        foreach (int size in new[] { 256, 1 << 20 })
        {
            int n = (int)Math.Min(size, dataEnd - at);
            if (n <= 0) return scan;
            var bytes = new byte[n];
            stream.Seek(at, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
            scan = ThriftScan.Struct(bytes, 0, n).Match(Right: h => (h, null), Left: problem => ((ThriftScan?, string?))(null, "found a malformed one: " + problem));
            if (scan.Item1 is not null || n < size) return scan;
        }
        return scan;
    }

    // Where a reader starts the chunk: the least of its page offsets that are set.
    private static long Start(ColumnMetaData column) =>
        new[] { column.DictionaryPageOffset ?? 0, column.DataPageOffset, column.IndexPageOffset ?? 0 }.Where(o => o != 0).DefaultIfEmpty(0).Min();

    private static CliError Fail(string code, string message) => new(new Error(code, message));

    private static Either<CliError, int> Refuse(string code, string message) => Fail(code, message);
}
