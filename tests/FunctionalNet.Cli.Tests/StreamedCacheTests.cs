using System.Diagnostics;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32, item 3: a CSV streams into a row cache a chunk at a time. The streamed cache is byte for byte the one the
/// in-memory writer makes from the loaded table (header or none, a header of numeric names found only at the end,
/// numeric or text labels, either precision, any chunk size), CSV problems are the loader's, and a CSV whose features
/// are several times a heap limit set on the process caches within it.
/// </summary>
public class StreamedCacheTests
{
    // A table of rows × cols small integers and halves, its label column at `at`, with one of three kinds of first line.
    private static string Csv(int seed, int rows, int cols, int at, int header, bool textLabels)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        var names = Enumerable.Range(0, cols + 1).Select(c => c == at ? (header == 2 ? "y" : "label") : header == 2 ? (c < at ? c : c - 1).ToString(CultureInfo.InvariantCulture) : $"f{c}");
        // header 0: none; 1: named columns; 2: pandas' numeric column names with a text label name (recognised at the end).
        if (header > 0) text.AppendLine(string.Join(',', names));
        for (int r = 0; r < rows; r++)
        {
            var cells = Enumerable.Range(0, cols).Select(_ => (random.Next(-20, 20) / 2.0).ToString("R", CultureInfo.InvariantCulture)).ToList();
            int label = random.Next(3);
            cells.Insert(at, textLabels ? $"c{label}" : (label * 10).ToString(CultureInfo.InvariantCulture));
            text.AppendLine(string.Join(',', cells));
        }
        return text.ToString();
    }

    [Property(MaxTest = 40)]
    public Property A_streamed_cache_is_byte_for_byte_the_cache_of_the_loaded_table() =>
        Prop.ForAll((from seed in Gen.Choose(0, 10_000) from rows in Gen.Choose(2, 60) from cols in Gen.Choose(1, 5) from at in Gen.Choose(0, 5)
                     from header in Gen.Choose(0, 2) from text in Gen.Elements(false, true) from float32 in Gen.Elements(false, true) from chunk in Gen.Choose(1, 9)
                     select (seed, rows, cols, at: at % (cols + 1), header, text: text || header == 2, float32, chunk)).ToArbitrary(), c =>
        {
            using var dir = new TempDirectory();
            string csv = Csv(c.seed, c.rows, c.cols, c.at, c.header, c.text);
            var options = CsvOptions.Default with { Label = LabelColumn.At(c.at), SinglePrecision = c.float32 };
            var loaded = CsvLoader.Parse(csv, "t.csv", options).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
            Assert.True(RowCache.Write(loaded, dir["memory.fnetc"], c.float32, c.chunk).IsRight);
            using (var reader = new StringReader(csv))
                Assert.True(RowCache.Write(reader, "t.csv", dir["streamed.fnetc"], options, c.chunk).IsSuccess);
            return File.ReadAllBytes(dir["streamed.fnetc"]).SequenceEqual(File.ReadAllBytes(dir["memory.fnetc"]))
                && loaded.GivenFeatureNames.IsEmpty == (c.header == 0);
        });

    [Fact]
    public void A_bad_cell_is_the_loaders_line_and_leaves_no_cache()
    {
        using var dir = new TempDirectory();
        string csv = "a,b,label\n1,2,x\n3,oops,y\n";
        var loaded = CsvLoader.Parse(csv, "t.csv");
        using var reader = new StringReader(csv);
        var streamed = RowCache.Write(reader, "t.csv", dir["t.fnetc"], CsvOptions.Default);
        Assert.Equal(loaded.FailToSeq().Map(e => e.Message).ToArray(), streamed.FailToSeq().Map(e => e.Message).ToArray());
        Assert.Contains("line 3, column 2", streamed.FailToSeq().Head.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_csv_whose_features_are_eight_times_the_heap_limit_caches_within_it_and_equals_the_in_memory_cache()
    {
        using var dir = new TempDirectory();
        // 1,700,000 rows of 20 one-digit features: 73 MB of text, 272 MB of float64 features, under a 32 MB GC heap (the
        // class ids, 4 bytes a row in a few copies at the end, outgrew 16 MB at these rows). The text passes 64 MiB,
        // the data cap a loaded table is held to under that heap: a streamed cache is not held to it (it was, and
        // refused a 10 GB CSV as "larger than the 2,920,539,136-byte cap" on this 24 GiB machine).
        const int Rows = 1_700_000, Cols = 20, HeapLimit = 32 << 20, LoadedCap = 64 << 20;
        var random = new Random(7);
        using (var writer = new StreamWriter(dir["big.csv"]))
        {
            writer.Write(string.Join(',', Enumerable.Range(0, Cols).Select(c => $"f{c}")) + ",label\n");
            var line = new StringBuilder();
            for (int r = 0; r < Rows; r++)
            {
                line.Clear();
                int first = 0;
                for (int c = 0; c < Cols; c++)
                {
                    int v = random.Next(10);
                    if (c == 0) first = v;
                    line.Append((char)('0' + v)).Append(',');
                }
                writer.Write(line.Append(first > 4 ? "hi" : "lo").Append('\n'));
            }
        }
        Assert.True(new FileInfo(dir["big.csv"]).Length > LoadedCap && (long)Rows * Cols * 8 >= 8L * HeapLimit);
        var run = Fnet.UnderHeapLimit(dir.Path, HeapLimit, "cache", "--data", dir["big.csv"], "--out", dir["streamed.fnetc"], "--dtype", "float64");
        Assert.True(run.ExitCode == 0, run.Error);
        var loaded = CsvLoader.Load(File.OpenRead(dir["big.csv"]), dir["big.csv"], CsvOptions.Default).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
        Assert.True(RowCache.Write(loaded, dir["memory.fnetc"], singlePrecision: false).IsRight);
        Assert.True(File.ReadAllBytes(dir["streamed.fnetc"]).AsSpan().SequenceEqual(File.ReadAllBytes(dir["memory.fnetc"])));
    }
}
