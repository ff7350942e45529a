using System.Diagnostics;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32, item 3: every kind of CSV row streams into a cache through the one writer — a class label with a weight
/// column, a regression's target columns (one or several) with or without one — byte for byte (header and rows) the
/// cache <c>fnet cache</c> writes from the table loaded in memory, and with the loaded path's errors.
/// </summary>
public class StreamedCacheKindsTests
{
    // features f0…, targets t0… (a regression) or a label, and a weight column w, in a shuffled column order.
    private sealed record Table(string Text, string? Label, string? Weight, bool Regression);

    private static Table Make(int seed, int rows, int features, int targets, bool weighted, bool header)
    {
        var random = new Random(seed);
        var kinds = Enumerable.Range(0, features).Select(i => $"f{i}").Concat(Enumerable.Range(0, Math.Max(targets, 1)).Select(i => targets > 0 ? $"t{i}" : "label"))
            .Concat(weighted ? ["w"] : []).OrderBy(_ => random.Next()).ToArray();
        var text = new StringBuilder();
        if (header) text.AppendLine(string.Join(',', kinds));
        for (int r = 0; r < rows; r++)
            text.AppendLine(string.Join(',', kinds.Select(k => k switch
            {
                "w" => r == 0 ? "1.5" : (random.Next(0, 6) / 2.0).ToString("R", CultureInfo.InvariantCulture),
                "label" => $"c{random.Next(3)}",
                _ => (random.Next(-4000, 4000) / 7.0).ToString("R", CultureInfo.InvariantCulture),
            })));
        // Without a header a column is known by its index, the weight by its placeholder among the features left.
        string Index(string name) => Array.IndexOf(kinds, name).ToString(CultureInfo.InvariantCulture);
        string? label = targets > 0 ? string.Join(',', Enumerable.Range(0, targets).Select(i => header ? $"t{i}" : Index($"t{i}"))) : header ? "label" : Index("label");
        string? weight = !weighted ? null : header ? "w" : $"x{kinds.Where(k => k[0] is not ('t' or 'l')).ToList().IndexOf("w")}";
        return new Table(text.ToString(), label, weight, targets > 0);
    }

    // The table as fnet cache loads it (the loader, the target split, the weight column) and writes it.
    private static bool WriteLoaded(Table t, string path, bool float32, int chunk)
    {
        var loaded = t.Regression
            ? RegressionFiles.Split(CsvLoader.Parse(t.Text, "t.csv", RegressionFiles.Options(t.Label)).Match(d => d, e => throw new InvalidOperationException(e.Head.Message)),
                RegressionFiles.Columns(t.Label), "t.csv").Match(d => d, e => throw new InvalidOperationException(e.Error.Message))
            : CsvLoader.Parse(t.Text, "t.csv", Options(t, float32)).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
        if (t.Weight is { } w) loaded = WeightColumn.Take(loaded, w, "t.csv").Match(d => d, e => throw new InvalidOperationException(e.Message));
        return RowCache.Write(loaded, path, float32, chunk).IsRight;
    }

    private static CsvOptions Options(Table t, bool float32) =>
        (t.Regression ? RegressionFiles.Options(t.Label) : CsvOptions.Default with { Label = LabelColumn.Parse(t.Label!) }) with { SinglePrecision = float32 };

    private static CsvCacheColumns Columns(Table t) => new(t.Regression ? RegressionFiles.Columns(t.Label) : null, t.Weight);

    [Property(MaxTest = 40)]
    public Property A_streamed_regression_or_weighted_cache_is_byte_for_byte_the_cache_of_the_loaded_table() =>
        Prop.ForAll((from seed in Gen.Choose(0, 10_000) from rows in Gen.Choose(1, 40) from features in Gen.Choose(1, 4) from targets in Gen.Choose(0, 3)
                     from weighted in Gen.Elements(false, true) from header in Gen.Elements(false, true) from float32 in Gen.Elements(false, true)
                     from chunk in Gen.Choose(1, 9)
                     select (seed, rows, features, targets, weighted: weighted || targets == 0, header, float32, chunk)).ToArbitrary(), c =>
        {
            using var dir = new TempDirectory();
            var table = Make(c.seed, c.rows + (c.targets == 0 ? 1 : 0), c.features, c.targets, c.weighted, c.header);
            Assert.True(WriteLoaded(table, dir["memory.fnetc"], c.float32, c.chunk));
            using (var reader = new StringReader(table.Text))
            {
                var streamed = RowCache.Write(reader, "t.csv", dir["streamed.fnetc"], Options(table, c.float32), Columns(table), c.chunk);
                Assert.True(streamed.IsSuccess, string.Join("; ", streamed.FailToSeq().Map(e => e.Message)));
            }
            return File.ReadAllBytes(dir["streamed.fnetc"]).SequenceEqual(File.ReadAllBytes(dir["memory.fnetc"]));
        });

    [Theory]
    [InlineData("f,w,label\n1,2,a\n3,-1,b\n", null, "w", "t.csv, data row 2, column \"w\": expected a weight ≥ 0, found -1")]
    [InlineData("f,w,label\n1,0,a\n3,0,b\n", null, "w", "t.csv, column \"w\": expected at least one positive weight, found only zeros")]
    [InlineData("f,w,label\n1,2,a\n3,1,b\n", null, "v", "t.csv: expected a weight column named \"v\", found \"f\", \"w\"")]
    [InlineData("f,y\n1,2\n3,1\n", "z", null, "t.csv: expected a target column named \"z\", found \"f\", \"y\"")]
    [InlineData("f,y\n1e300,2\n3,1\n", "y", null, "t.csv: row 1, column 1 (\"f\"): 1E+300 is beyond float32's largest value 3.4E+38, the precision the file is read in")]
    public void A_streamed_cache_refuses_what_the_loaded_table_refuses_with_its_line(string csv, string? targets, string? weight, string expected)
    {
        using var dir = new TempDirectory();
        var options = (targets is null ? CsvOptions.Default : RegressionFiles.Options(targets)) with { SinglePrecision = true };
        using var reader = new StringReader(csv);
        var streamed = RowCache.Write(reader, "t.csv", dir["t.fnetc"], options, new CsvCacheColumns(targets is null ? null : [targets], weight));
        Assert.Equal(expected, Assert.Single(streamed.FailToSeq()).Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}

/// <summary>
/// Issue 32, item 3: a regression CSV with a weight column and a weighted class-label CSV, each three times a heap limit
/// set on a child <c>fnet cache</c> (its features in float64 twelve times it), cache within that limit.
/// </summary>
public class StreamedCacheHeapLimitTests
{
    [Theory]
    [InlineData("regression")]
    [InlineData("classification")]
    public void A_csv_three_times_the_heap_limit_caches_within_it(string task)
    {
        using var dir = new TempDirectory();
        // 400,000 rows of 64 one-digit features, a weight and a target: 53 MB of text, 205 MB of float64 features, under a
        // 16 MB GC heap (a Debug build, as README's `dotnet test` makes, ran out at 12 MB on class labels; Release did not);
        // what stays per row is the target and the weight (16 bytes, 6.4 MB) or the label and the weight.
        const int Rows = 400_000, Cols = 64, HeapLimit = 16 << 20;
        var random = new Random(11);
        using (var writer = new StreamWriter(dir["big.csv"]))
        {
            writer.Write(string.Join(',', Enumerable.Range(0, Cols).Select(c => $"f{c}")) + ",w,y\n");
            var line = new StringBuilder();
            for (int r = 0; r < Rows; r++)
            {
                line.Clear();
                for (int c = 0; c < Cols; c++) line.Append((char)('0' + random.Next(10))).Append(',');
                line.Append((char)('1' + random.Next(9))).Append(',').Append(task == "regression" ? $"{random.Next(100)}.5" : random.Next(2) == 0 ? "lo" : "hi");
                writer.Write(line.Append('\n'));
            }
        }
        Assert.True(new FileInfo(dir["big.csv"]).Length > 3L * HeapLimit);
        var run = Fnet.UnderHeapLimit(dir.Path, HeapLimit, "cache", "--data", dir["big.csv"], "--out", dir["big.fnetc"], "--dtype", "float64", "--task", task, "--label", "y", "--weight-column", "w");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"cached   {Rows} rows × {Cols} features (float64)", run.Out, StringComparison.Ordinal);
        Assert.Contains("sample weights", run.Out, StringComparison.Ordinal);
    }
}
