using System.Globalization;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data.Tables;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A Parquet file with nulls and string columns is a raw table, as a CSV file with gaps and text is: nulls are
/// missing cells, strings are categories, and it trains and predicts through the same table path.
/// </summary>
public class TableParquetTests
{
    // RawTables' rows as Parquet: a nullable double, a nullable string, an int weight, and the labels.
    private static async Task<string> Write(TempDirectory dir, string name, int seed, int count)
    {
        var rows = RawTables.Rows(seed, count);
        DataField a = new("a", typeof(double), isNullable: true), colour = new("colour", typeof(string), isNullable: true);
        DataField w = new("w", typeof(int)), y = new("y", typeof(string));
        string path = dir[name];
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(a, colour, w, y), file).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<double>(a, new ReadOnlyMemory<double?>([.. rows.Select(r => r[1] is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : (double?)null)])).ConfigureAwait(false);
                await group.WriteAsync(colour, rows.Select(r => r[2]).ToArray(), null).ConfigureAwait(false);
                await group.WriteAsync<int>(w, rows.Select(r => int.Parse(r[3]!, CultureInfo.InvariantCulture)).ToArray().AsMemory()).ConfigureAwait(false);
                await group.WriteAsync(y, rows.Select(r => r[4]).ToArray(), null).ConfigureAwait(false);
            }
        }
        return path;
    }

    [Fact]
    public async Task A_parquet_table_reads_nulls_as_gaps_and_strings_as_categories_like_the_csv_file()
    {
        using var dir = new TempDirectory();
        string parquet = await Write(dir, "t.parquet", 1, 40);
        string csv = dir.Write("t.csv", RawTables.Csv(1, 40));
        var options = TableOptions.Default with { Drop = ["id", "v"], Categorical = ["w"] };
        var fromParquet = TableFiles.Read(parquet, options with { Drop = [] }).Match(t => t, e => throw new InvalidOperationException(e.Error.Message));
        var fromCsv = TableFiles.Read(csv, options).Match(t => t, e => throw new InvalidOperationException(e.Error.Message));
        Assert.Equal(fromCsv.Columns.Select(c => (c.Name, c.GetType())), fromParquet.Columns.Select(c => (c.Name, c.GetType())));
        Assert.Equal(((NumberColumn)fromCsv.Column("a")!).Values.ToArray(), ((NumberColumn)fromParquet.Column("a")!).Values.ToArray());
        foreach (string text in new[] { "colour", "w", "y" })
            Assert.Equal(((TextColumn)fromCsv.Column(text)!).Values.ToArray(), ((TextColumn)fromParquet.Column(text)!).Values.ToArray());
        Assert.True(fromParquet.Column("a")!.MissingCount > 0 && fromParquet.Column("colour")!.MissingCount > 0);
    }

    [Fact]
    public async Task Fnet_trains_on_a_parquet_table_with_nulls_and_strings_and_predicts_its_raw_rows()
    {
        using var dir = new TempDirectory();
        string train = await Write(dir, "t.parquet", 1, 120), test = await Write(dir, "t2.parquet", 2, 40);
        var run = Fnet.InProcess("train", "--data", train, "--test-data", test, "--label", "y", "--drop", "w", "--layers", "4", "--optimizer", "adam",
            "--lr", "0.05", "--batch-size", "16", "--epochs", "40", "--out", dir["m"]);
        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("table    1 numeric, 1 categorical column (one-hot) → 4 features;", run.Out, StringComparison.Ordinal);
        var predict = Fnet.InProcess("predict", "--model", dir["m"], "--data", test);
        Assert.Equal(0, predict.ExitCode);
        Assert.Equal(41, predict.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var evaluate = Fnet.InProcess("evaluate", "--model", dir["m"], "--data", test);
        Assert.True(double.Parse(evaluate.Out.Split('\n')[0].Split(' ')[1], CultureInfo.InvariantCulture) > 0.75, evaluate.Out);
    }
}
