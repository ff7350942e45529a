using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.IO;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// A bad feature in a file to predict on or evaluate is named where it is: an empty cell of a labelled CSV by line and
/// column (not the text label column), a NaN or infinite Parquet feature by row and column — exit 2, one line, since
/// the model itself refuses such a row as a programming error.
/// </summary>
public class PredictInputErrorTests
{
    private static readonly string[] Colours = ["blue", "red"];

    private static string Model(TempDirectory dir)
    {
        Assert.True(ModelFiles.Save(dir["m"], PredictOutputProperties.Build(2, 2, float32: false, scaled: true, seed: 3, Colours)).IsRight);
        return dir["m"];
    }

    [Property(MaxTest = 15)]
    public Property An_empty_feature_cell_of_a_labelled_csv_is_named_by_predict_as_by_evaluate() =>
        Prop.ForAll(Gen.Choose(3, 8).SelectMany(n => Gen.Choose(0, n - 1).SelectMany(row => Gen.Choose(0, 1).Select(column => (n, row, column)))).ToArbitrary(), c =>
        {
            using var dir = new TempDirectory();
            var csv = new StringBuilder("x0,x1,label\n");
            for (int r = 0; r < c.n; r++)
            {
                string[] cells = [(0.25 * r).ToString("R", CultureInfo.InvariantCulture), (1 - 0.5 * r).ToString("R", CultureInfo.InvariantCulture), Colours[r % 2]];
                if (r == c.row) cells[c.column] = "";
                csv.AppendJoin(',', cells).Append('\n');
            }
            string data = dir.Write("labelled.csv", csv.ToString());
            string expected = string.Create(CultureInfo.InvariantCulture, $"{data}, line {c.row + 2}, column {c.column + 1} (\"x{c.column}\"): expected a number, found an empty cell");
            foreach (var command in new[] { "predict", "evaluate" })
            {
                var run = Fnet.InProcess(command, "--model", Model(dir), "--data", data);
                Assert.Equal(2, run.ExitCode);
                Assert.Equal("fnet: " + expected, Assert.Single(run.ErrorLines));
            }
            return true;
        });

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public async Task A_non_finite_parquet_feature_is_refused_naming_its_row_and_column(double bad, string shown)
    {
        using var dir = new TempDirectory();
        string path = dir["rows.parquet"];
        double[] x1 = [1, -1, 0.25, 2];
        x1[2] = bad;
        await WriteParquet(path, [0.5, 1.5, -2, 3], x1);
        foreach (var command in new[] { "predict", "evaluate" })
        {
            var run = Fnet.InProcess(command, "--model", Model(dir), "--data", path);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"fnet: data file {path}, column \"x1\", row 3: expected a finite number, found {shown}", Assert.Single(run.ErrorLines));
        }
    }

    private static async Task WriteParquet(string path, double[] x0, double[] x1)
    {
        DataField[] fields = [new("x0", typeof(double)), new("x1", typeof(double)), new("label", typeof(string))];
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<double>(fields[0], x0.AsMemory()).ConfigureAwait(false);
                await group.WriteAsync<double>(fields[1], x1.AsMemory()).ConfigureAwait(false);
                await group.WriteAsync(fields[2], Enumerable.Range(0, x0.Length).Select(r => Colours[r % 2]).ToArray(), null).ConfigureAwait(false);
            }
        }
    }
}
