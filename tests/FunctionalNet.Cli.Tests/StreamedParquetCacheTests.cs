using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data.Loading;
using FunctionalNet.IO;
using LanguageExt;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// Issue 32, item 3: <c>fnet cache</c> of a Parquet file reads it a row group at a time into the one streaming writer
/// (<see cref="ParquetRows"/> → <see cref="CsvCacheWriter"/>), whatever its rows carry — a class label (text or a
/// number), a regression's target columns, a weight column — byte for byte the cache of the table loaded in memory, with
/// the loaded path's one-line refusals; and a file three times a heap limit caches within it.
/// </summary>
public class StreamedParquetCacheTests
{
    // Columns named and typed as given, each an array of one value a row, written in row groups of groupRows rows.
    internal static void WriteParquet(string path, IReadOnlyList<(DataField Field, Array Values)> columns, int groupRows) =>
        WriteParquetAsync(path, columns, groupRows).GetAwaiter().GetResult();

    private static async Task WriteParquetAsync(string path, IReadOnlyList<(DataField Field, Array Values)> columns, int groupRows)
    {
        int rows = columns[0].Values.Length;
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. columns.Select(c => (Field)c.Field)]), stream).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                for (int start = 0; start < rows; start += groupRows)
                {
                    int count = Math.Min(groupRows, rows - start);
                    using var group = writer.CreateRowGroup();
                    foreach (var (field, values) in columns)
                    {
                        var task = values switch
                        {
                            double[] d => group.WriteAsync<double>(field, d.AsMemory(start, count)),
                            float[] f => group.WriteAsync<float>(field, f.AsMemory(start, count)),
                            int[] i => group.WriteAsync<int>(field, i.AsMemory(start, count)),
                            long[] l => group.WriteAsync<long>(field, l.AsMemory(start, count)),
                            double?[] n => group.WriteAsync<double>(field, n.AsMemory(start, count)),
                            string[] s => group.WriteAsync(field, s[start..(start + count)], null),
                            _ => throw new ArgumentException($"no writer for {values.GetType()}", nameof(columns)),
                        };
                        await task.ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private sealed record Table(List<(DataField Field, Array Values)> Columns, string? Label, string? Weight, bool Regression);

    // Features f0… of mixed types, a label (text or int) or targets t0…, and a weight column w, in a shuffled column order.
    private static Table Make(int seed, int rows, int features, int targets, bool weighted, bool textLabel)
    {
        var random = new Random(seed);
        var columns = new List<(DataField, Array)>();
        for (int i = 0; i < features; i++)
            columns.Add((random.Next(4)) switch
            {
                0 => (new DataField<int>($"f{i}"), Enumerable.Range(0, rows).Select(_ => random.Next(-50, 50)).ToArray()),
                1 => (new DataField<float>($"f{i}"), Enumerable.Range(0, rows).Select(_ => (float)(random.Next(-4000, 4000) / 7.0)).ToArray()),
                2 => (new DataField<long>($"f{i}"), Enumerable.Range(0, rows).Select(_ => (long)random.Next(-9, 9) << 20).ToArray()),
                _ => (new DataField<double>($"f{i}"), Enumerable.Range(0, rows).Select(_ => random.Next(-4000, 4000) / 7.0).ToArray()),
            });
        for (int i = 0; i < targets; i++)
            columns.Add((new DataField<double>($"t{i}"), Enumerable.Range(0, rows).Select(_ => random.Next(-4000, 4000) / 3.0).ToArray()));
        // Every class present in the first rows, so no table is refused as single-class.
        if (targets == 0)
            columns.Add(textLabel
                ? (new DataField<string>("label"), Enumerable.Range(0, rows).Select(r => $"c{(r < 3 ? r : random.Next(3))}").ToArray())
                : (new DataField<int>("label"), Enumerable.Range(0, rows).Select(r => (r < 3 ? r : random.Next(3)) * 5).ToArray()));
        if (weighted) columns.Add((new DataField<double>("w"), Enumerable.Range(0, rows).Select(r => r == 0 ? 1.5 : random.Next(0, 6) / 2.0).ToArray()));
        var shuffled = columns.OrderBy(_ => random.Next()).ToList();
        return new Table(shuffled, targets > 0 ? string.Join(',', Enumerable.Range(0, targets).Select(i => $"t{i}")) : "label", weighted ? "w" : null, targets > 0);
    }

    private static CsvOptions Options(Table t, bool float32) =>
        (t.Regression ? RegressionFiles.Options(t.Label) : CsvOptions.Default with { Label = LabelColumn.Parse(t.Label!) }) with { SinglePrecision = float32 };

    // fnet cache's loaded path for the file: the Parquet loader (a regression's every column in float64, split by target
    // names as for CSV), the weight column, the cacheable check, the in-memory writer; its first problem's line.
    private static string WriteLoaded(Table t, string source, string path, bool float32, int chunk)
    {
        var loaded = DataSource.Use(source, "data file", s => t.Regression
            ? ParquetFiles.Read(s, Options(t, false)).Bind(all => RegressionFiles.Split(all, RegressionFiles.Columns(t.Label), source))
            : ParquetFiles.Read(s, Options(t, float32)));
        var written = from data in loaded
                      from weighted in t.Weight is { } w ? WeightColumn.Take(data, w, source).MapLeft(e => new CliError(e)) : Prelude.Right<CliError, FunctionalNet.Dataset>(data)
                      from cacheable in CacheableData.Problem(weighted, source, float32, t.Regression) is { } refused ? refused : Prelude.Right<CliError, FunctionalNet.Dataset>(weighted)
                      from header in RowCache.Write(cacheable, path, float32, chunk).MapLeft(e => new CliError(e))
                      select header;
        return written.Match(_ => "", e => e.Error.Message);
    }

    private static string WriteStreamed(Table t, string source, string path, bool float32, int chunk) =>
        StreamedCache.Write(source, path, Options(t, float32), new CsvCacheColumns(t.Regression ? RegressionFiles.Columns(t.Label) : null, t.Weight), null, chunk, default)
            .Match(header => header.IsSome ? "" : "not streamed", e => e.Error.Message);

    [Property(MaxTest = 30)]
    public Property A_streamed_parquet_cache_is_byte_for_byte_the_cache_of_the_loaded_table() =>
        Prop.ForAll((from seed in Gen.Choose(0, 10_000) from rows in Gen.Choose(3, 40) from features in Gen.Choose(1, 4) from targets in Gen.Choose(0, 2)
                     from weighted in Gen.Elements(false, true) from textLabel in Gen.Elements(false, true) from float32 in Gen.Elements(false, true)
                     from chunk in Gen.Choose(1, 9) from groupRows in Gen.Choose(1, 15)
                     select (seed, rows, features, targets, weighted, textLabel, float32, chunk, groupRows)).ToArbitrary(), c =>
        {
            using var dir = new TempDirectory();
            var table = Make(c.seed, c.rows, c.features, c.targets, c.weighted, c.textLabel);
            WriteParquet(dir["t.parquet"], table.Columns, c.groupRows);
            Assert.Equal("", WriteLoaded(table, dir["t.parquet"], dir["memory.fnetc"], c.float32, c.chunk));
            Assert.Equal("", WriteStreamed(table, dir["t.parquet"], dir["streamed.fnetc"], c.float32, c.chunk));
            return File.ReadAllBytes(dir["streamed.fnetc"]).SequenceEqual(File.ReadAllBytes(dir["memory.fnetc"]));
        });

    public static TheoryData<string> BadTables => ["nan", "text-feature", "null", "negative-weight", "single-class", "past-float32", "no-target", "no-weight", "continuous"];

    [Theory]
    [MemberData(nameof(BadTables))]
    public void A_streamed_parquet_cache_refuses_what_the_loaded_table_refuses_with_its_line(string bad)
    {
        using var dir = new TempDirectory();
        double[] f = [1, 2, 3, 4, 5, 6, 7];
        string[] label = ["a", "b", "a", "b", "a", "b", "a"];
        var columns = new List<(DataField, Array)> { (new DataField<double>("f"), f), (new DataField<double>("g"), (double[])[.. f.Select(v => -v)]) };
        Table table = bad switch
        {
            // in the second row group (rows 5–7), so the row is counted across groups
            "nan" => new([(new DataField<double>("f"), (double[])[1, 2, 3, 4, 5, double.NaN, 7]), .. columns[1..], (new DataField<string>("y"), label)], "y", null, false),
            "text-feature" => new([.. columns, (new DataField<string>("s"), label), (new DataField<string>("y"), label)], "y", null, false),
            "null" => new([.. columns, (new DataField<double?>("n"), (double?[])[1, 2, 3, 4, 5, null, 7]), (new DataField<string>("y"), label)], "y", null, false),
            "negative-weight" => new([.. columns, (new DataField<double>("w"), (double[])[1, 1, 1, 1, 1, -2, 1]), (new DataField<string>("y"), label)], "y", "w", false),
            "single-class" => new([.. columns, (new DataField<string>("y"), (string[])[.. label.Select(_ => "a")])], "y", null, false),
            "past-float32" => new([(new DataField<double>("f"), (double[])[1, 2, 3, 4, 5, 1e300, 7]), .. columns[1..], (new DataField<string>("y"), label)], "y", null, false),
            "no-target" => new([.. columns, (new DataField<double>("y"), f)], "z", null, true),
            "no-weight" => new([.. columns, (new DataField<string>("y"), label)], "y", "v", false),
            _ => new([.. columns, (new DataField<double>("y"), (double[])[.. f.Select(v => v / 4)])], "y", null, false),
        };
        WriteParquet(dir["t.parquet"], table.Columns, 4);
        var loaded = WriteLoaded(table, dir["t.parquet"], dir["memory.fnetc"], true, 3);
        Assert.NotEqual("", loaded);
        Assert.Equal(loaded, WriteStreamed(table, dir["t.parquet"], dir["streamed.fnetc"], true, 3));
        Assert.DoesNotContain('\n', loaded);
        Assert.Equal(["t.parquet"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_parquet_file_three_times_the_heap_limit_caches_within_it()
    {
        using var dir = new TempDirectory();
        // 125,000 rows of 64 float64 features with random mantissas (barely compressible: ≈ 65 MB of Parquet), a weight and a
        // text label, in row groups of 2,000 rows (1 MB of features each), under a 20 MB GC heap (16 MB was too little beside
        // Parquet.Net's own buffers, 18 MB enough); what stays per row is the label's id and the weight (12 bytes, 1.5 MB).
        const int Rows = 125_000, Cols = 64, HeapLimit = 20 << 20;
        var random = new Random(5);
        var columns = Enumerable.Range(0, Cols).Select(c => ((DataField)new DataField<double>($"f{c}"), (Array)Enumerable.Range(0, Rows).Select(_ => random.NextDouble()).ToArray())).ToList();
        columns.Add((new DataField<double>("w"), Enumerable.Range(0, Rows).Select(_ => 1.0 + random.Next(3)).ToArray()));
        columns.Add((new DataField<string>("y"), Enumerable.Range(0, Rows).Select(_ => random.Next(2) == 0 ? "lo" : "hi").ToArray()));
        WriteParquet(dir["big.parquet"], columns, 2_000);
        columns.Clear();
        Assert.True(new FileInfo(dir["big.parquet"]).Length > 3L * HeapLimit, $"{new FileInfo(dir["big.parquet"]).Length} bytes");
        var run = Fnet.UnderHeapLimit(dir.Path, HeapLimit, "cache", "--data", dir["big.parquet"], "--out", dir["big.fnetc"], "--dtype", "float64", "--label", "y", "--weight-column", "w");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"cached   {Rows} rows × {Cols} features (float64), 2 classes, sample weights", run.Out, StringComparison.Ordinal);
    }
}
