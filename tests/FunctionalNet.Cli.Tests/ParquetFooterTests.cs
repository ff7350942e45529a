using System.Buffers.Binary;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Support;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A crafted Parquet footer is refused in one line before anything is allocated by its claims: a footer length past the
/// file, a few-hundred-byte file claiming 4·10⁸ or 7·10⁸ rows, a column chunk or page claiming more bytes than the file
/// has or data outside it — in train, predict, evaluate and cache. The files are a small valid table written by Parquet.Net with one
/// footer field rewritten (<see cref="Patched"/>).
/// </summary>
public class ParquetFooterTests
{
    // Paths of Thrift field ids in FileMetaData: num_rows; row_groups → num_rows; row_groups → columns → meta_data → total_compressed_size, data_page_offset.
    private const string FileRows = "3", GroupRows = "4.3", ChunkBytes = "4.1.3.7", ChunkStart = "4.1.3.9";

    private static byte[] Table(TempDirectory dir) =>
        File.ReadAllBytes(ParquetValueTests.Write(dir["clean.parquet"], 16).GetAwaiter().GetResult());

    /// <summary>
    /// <paramref name="file"/> with every integer footer field at <paramref name="path"/> set to <paramref name="value"/>
    /// (its varint re-encoded, the footer length updated to match), so the footer stays well-formed and only the claim changes.
    /// </summary>
    internal static byte[] Patched(byte[] file, string path, long value)
    {
        int footer = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        int start = file.Length - 8 - footer;
        var bytes = file[start..(file.Length - 8)];
        var scan = ThriftScan.Struct(bytes, 0, bytes.Length).Match(s => s, problem => throw new InvalidOperationException(problem));
        var hits = scan.Integers.Where(i => i.Path == path).OrderByDescending(i => i.Offset).ToList();
        Assert.NotEmpty(hits);
        var patched = bytes.ToList();
        foreach (var hit in hits)
        {
            patched.RemoveRange(hit.Offset, hit.Length);
            patched.InsertRange(hit.Offset, Varint((ulong)((value << 1) ^ (value >> 63))));
        }
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, patched.Count);
        return [.. file[..start], .. patched, .. length, .. "PAR1"u8];
    }

    private static IEnumerable<byte> Varint(ulong v)
    {
        for (; v >= 0x80; v >>= 7) yield return (byte)(v | 0x80);
        yield return (byte)v;
    }

    private static byte[] WithFooterLength(byte[] file, int length)
    {
        var copy = file.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(copy.Length - 8), length);
        return copy;
    }

    // Every command that reads a data file, refusing `file` with `message`; none may leave a model or cache behind.
    private static void AssertRefusedEverywhere(TempDirectory dir, string file, string message)
    {
        if (!Directory.Exists(dir["m"]))
            Assert.Equal(0, Fnet.InProcess("train", "--data", dir["clean.parquet"], "--epochs", "2", "--out", dir["m"], "-q").ExitCode);
        foreach (string[] args in new[]
        {
            new[] { "train", "--data", file, "--epochs", "2", "--out", dir["new"], "-q" },
            ["predict", "--model", dir["m"], "--data", file],
            ["evaluate", "--model", dir["m"], "--data", file],
            ["cache", "--data", file, "--out", dir["new.fnetc"]],
        })
        {
            var run = Fnet.InProcess(args);
            Assert.Equal(2, run.ExitCode);
            Fnet.AssertOneLineError(run, message);
        }
        Assert.False(Directory.Exists(dir["new"]));
        Assert.False(File.Exists(dir["new.fnetc"]));
    }

    [Fact]
    public void A_footer_length_past_the_file_is_refused()
    {
        using var dir = new TempDirectory();
        var table = Table(dir);
        foreach (int claim in new[] { int.MaxValue, table.Length - 11, 0, -1 })
        {
            string path = dir["long-footer.parquet"];
            File.WriteAllBytes(path, WithFooterLength(table, claim));
            AssertRefusedEverywhere(dir, path, $"data file {path}: its footer claims {claim} bytes, but the {table.Length}-byte file has room for at most {table.Length - 12}");
        }
    }

    [Fact]
    public void A_small_file_claiming_700_million_rows_is_refused_by_the_memory_estimate()
    {
        // 7·10⁸ rows of three columns (all features to predict) are within one array, but need about 81 GiB to read.
        using var dir = new TempDirectory();
        string path = dir["rows.parquet"];
        var crafted = Patched(Patched(Table(dir), FileRows, 700_000_000), GroupRows, 700_000_000);
        Assert.True(crafted.Length < 1024);
        File.WriteAllBytes(path, crafted);
        AssertRefusedEverywhere(dir, path, $"reading the 700000000 rows that data file {path} claims needs about ");
    }

    [Fact]
    public void Row_counts_that_disagree_are_refused()
    {
        using var dir = new TempDirectory();
        string path = dir["rows.parquet"];
        File.WriteAllBytes(path, Patched(Table(dir), FileRows, 400_000_000));
        AssertRefusedEverywhere(dir, path, $"data file {path}: its footer claims 400000000 rows, but its row groups hold 16");
    }

    [Fact]
    public void A_row_group_past_one_array_is_refused_by_its_count()
    {
        using var dir = new TempDirectory();
        string path = dir["rows.parquet"];
        File.WriteAllBytes(path, Patched(Table(dir), GroupRows, 1L << 40));
        AssertRefusedEverywhere(dir, path, $"data file {path}, row group 0: expected a row count from 0 to {Array.MaxLength}, found {1L << 40}");
    }

    [Theory]
    [InlineData(ChunkBytes, 1L << 40, "it claims 1099511627776 bytes from byte 4, but the")]
    [InlineData(ChunkBytes, -1, "it claims -1 bytes from byte 4")]
    [InlineData(ChunkStart, 1L << 40, "its data is said to start at byte 1099511627776, outside the file's data")]
    public void A_column_chunk_claiming_bytes_the_file_does_not_have_is_refused(string field, long value, string message)
    {
        using var dir = new TempDirectory();
        string path = dir["chunk.parquet"];
        File.WriteAllBytes(path, Patched(Table(dir), field, value));
        AssertRefusedEverywhere(dir, path, $"data file {path}, row group 0, column \"a\": {message}");
    }

    [Fact]
    public void A_page_claiming_bytes_past_the_file_s_data_is_refused()
    {
        // The first page header (at byte 4, after PAR1) gets compressed_page_size 8000 in a varint of the same length,
        // so every offset the footer states stays true and only the page's claim changes.
        using var dir = new TempDirectory();
        var table = Table(dir);
        var header = ThriftScan.Struct(table, 4, table.Length).Match(s => s, problem => throw new InvalidOperationException(problem));
        var size = header.Integers.First(i => i.Path == "3");
        var varint = Varint(8000 << 1).ToArray();
        Assert.Equal(size.Length, varint.Length);
        varint.CopyTo(table, size.Offset);
        string path = dir["page.parquet"];
        File.WriteAllBytes(path, table);
        int footer = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(table.Length - 8));
        AssertRefusedEverywhere(dir, path, $"data file {path}, row group 0, column \"a\": the page at byte 4 claims 8000 bytes, but the file's data ends at byte {table.Length - 8 - footer}");
    }

    [Fact]
    public async Task The_issue_s_612_byte_file_claiming_4e8_rows_is_refused_under_a_small_heap()
    {
        // 4·10⁸ rows of two features fit a large machine's memory, so the claim is judged under a 1 GiB heap, as in a small container.
        using var dir = new TempDirectory();
        string path = dir["rows.parquet"];
        File.WriteAllBytes(path, Patched(Patched(Table(dir), FileRows, 400_000_000), GroupRows, 400_000_000));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000";
        foreach (var a in new[] { Fnet.ToolPath, "train", "--data", path, "--out", dir["m"] }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Fnet.AssertOneLineError(new Run(process.ExitCode, await stdout, error), $"reading the 400000000 rows that data file {path} claims needs about ");
        Assert.Equal(2, process.ExitCode);
    }

    [Property(MaxTest = 300)]
    public void Any_bytes_are_scanned_without_an_exception_or_a_claim_past_them(byte[] bytes, NonNegativeInt cut)
    {
        int end = bytes.Length == 0 ? 0 : cut.Get % (bytes.Length + 1);
        ThriftScan.Struct(bytes, 0, end).IfRight(scan =>
        {
            Assert.InRange(scan.Length, 1, end);
            Assert.All(scan.Integers, i => Assert.InRange(i.Offset + i.Length, 1, end));
        });
    }
}
