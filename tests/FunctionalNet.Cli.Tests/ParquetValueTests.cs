using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A Parquet feature that is NaN, ±∞, or (read for float32) past float's range is refused in one line naming the file,
/// the column and the row — by the CSV loader's own check, so the same values in a CSV file get the same words — in
/// train, predict, evaluate and cache alike.
/// </summary>
public class ParquetValueTests
{
    private static readonly double[] Bad = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e39];

    // Columns a and b (doubles) and an integer label y; row r is (r/4, 1 − r/8, r % 2).
    internal static async Task<string> Write(string path, int rows, Action<double[][]>? spoil = null)
    {
        double[][] columns = [[.. Enumerable.Range(0, rows).Select(r => r / 4.0)], [.. Enumerable.Range(0, rows).Select(r => 1 - r / 8.0)]];
        spoil?.Invoke(columns);
        DataField[] features = [new("a", typeof(double)), new("b", typeof(double))];
        var label = new DataField("y", typeof(int));
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. features, label]), file).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<double>(features[0], columns[0].AsMemory()).ConfigureAwait(false);
                await group.WriteAsync<double>(features[1], columns[1].AsMemory()).ConfigureAwait(false);
                await group.WriteAsync<int>(label, Enumerable.Range(0, rows).Select(r => r % 2).ToArray().AsMemory()).ConfigureAwait(false);
            }
        }
        return path;
    }

    // The same table as CSV, with the same value in the same cell.
    private static string Csv(string path, int rows, int badRow, int badColumn, double value)
    {
        double Cell(int r, int c, double v) => r == badRow && c == badColumn ? value : v;
        File.WriteAllText(path, "a,b,y\n" + string.Concat(Enumerable.Range(0, rows).Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{Cell(r, 0, r / 4.0):R},{Cell(r, 1, 1 - r / 8.0):R},{r % 2}\n"))));
        return path;
    }

    [Property(MaxTest = 12)]
    public void A_parquet_feature_that_training_cannot_read_is_refused_naming_column_and_row_as_csv_is(PositiveInt size, NonNegativeInt at, bool second, byte kind)
    {
        int rows = 2 + size.Get % 10, row = at.Get % rows, column = second ? 1 : 0;
        double value = Bad[kind % Bad.Length];
        using var dir = new TempDirectory();
        string parquet = Write(dir["t.parquet"], rows, c => c[column][row] = value).GetAwaiter().GetResult();
        string csv = Csv(dir["t.csv"], rows, row, column, value);
        string name = second ? "b" : "a", shown = value.ToString("R", CultureInfo.InvariantCulture);
        string problem = double.IsFinite(value)
            ? "{0} is beyond float32's largest value 3.4E+38, the precision the file is read in; train with --dtype float64"
            : "expected a finite number, found {0}";
        var fromParquet = Fnet.InProcess("train", "--data", parquet, "--dtype", "float32", "--epochs", "1", "--out", dir["m"], "-q");
        var fromCsv = Fnet.InProcess("train", "--data", csv, "--dtype", "float32", "--epochs", "1", "--out", dir["m"], "-q");
        Assert.Equal(2, fromParquet.ExitCode);
        Assert.Equal(2, fromCsv.ExitCode);
        Assert.Equal($"fnet: data file {parquet}, column \"{name}\", row {row + 1}: {string.Format(CultureInfo.InvariantCulture, problem, shown)}", Assert.Single(fromParquet.ErrorLines));
        Assert.Equal($"fnet: {csv}, line {row + 2}, column {column + 1} (\"{name}\"): {string.Format(CultureInfo.InvariantCulture, problem, $"\"{shown}\"")}", Assert.Single(fromCsv.ErrorLines));
        Assert.False(Directory.Exists(dir["m"]));
    }

    [Fact]
    public async Task A_value_past_float32_is_read_in_float64()
    {
        using var dir = new TempDirectory();
        string parquet = await Write(dir["t.parquet"], 8, c => c[0][3] = 1e39);
        Assert.Equal(0, Fnet.InProcess("train", "--data", parquet, "--dtype", "float64", "--scale", "none", "--epochs", "1", "--out", dir["m"], "-q").ExitCode);
    }

    [Theory]
    [InlineData("predict")]
    [InlineData("evaluate")]
    public async Task Predict_and_evaluate_refuse_a_parquet_row_that_is_not_finite(string command)
    {
        using var dir = new TempDirectory();
        string clean = await Write(dir["clean.parquet"], 16);
        Assert.Equal(0, Fnet.InProcess("train", "--data", clean, "--epochs", "3", "--out", dir["m"], "-q").ExitCode);
        Assert.Equal(0, Fnet.InProcess(command, "--model", dir["m"], "--data", clean).ExitCode);
        foreach (var (value, row) in new[] { (double.NaN, 5), (double.PositiveInfinity, 0), (double.NegativeInfinity, 15) })
        {
            string spoiled = await Write(dir["bad.parquet"], 16, c => c[1][row] = value);
            var run = Fnet.InProcess(command, "--model", dir["m"], "--data", spoiled);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Out);
            Assert.Equal($"fnet: data file {spoiled}, column \"b\", row {row + 1}: expected a finite number, found {value.ToString("R", CultureInfo.InvariantCulture)}",
                Assert.Single(run.ErrorLines));
        }
    }

    [Fact]
    public async Task Cache_refuses_a_parquet_row_that_is_not_finite_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        string spoiled = await Write(dir["bad.parquet"], 16, c => c[0][9] = double.NegativeInfinity);
        var run = Fnet.InProcess("cache", "--data", spoiled, "--out", dir["c.fnetc"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"fnet: data file {spoiled}, column \"a\", row 10: expected a finite number, found -Infinity", Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(dir["c.fnetc"]));
    }
}
