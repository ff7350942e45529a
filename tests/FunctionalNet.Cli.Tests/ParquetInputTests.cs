using System.Globalization;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data.Loading;
using Parquet;
using Parquet.Schema;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// `--data file.parquet`: a Parquet table written here by Parquet.Net (no pyarrow on the machine) reads as the same
/// data set as the CSV file with the same cells, trains, and a broken or ill-typed table is one named error line.
/// </summary>
public class ParquetInputTests
{
    private static readonly double[] Width = [0.5, 1.5, 2.25, -1, 3, 0.125, 7, -2.5];
    private static readonly float[] Height = [1, 2, 3, 4, 5, 6, 7, 8.5f];
    private static readonly int[] Count = [3, 1, 4, 1, 5, 9, 2, 6];
    private static readonly string[] Species = ["b", "a", "b", "a", "c", "a", "b", "c"];

    private static async Task WriteTable(string path, DataField label, Func<ParquetRowGroupWriter, Task> writeLabel)
    {
        DataField[] features = [new("width", typeof(double)), new("height", typeof(float)), new("count", typeof(int))];
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. features, label]), file).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync<double>(features[0], Width.AsMemory()).ConfigureAwait(false);
                await group.WriteAsync<float>(features[1], Height.AsMemory()).ConfigureAwait(false);
                await group.WriteAsync<int>(features[2], Count.AsMemory()).ConfigureAwait(false);
                await writeLabel(group).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string> Table(TempDirectory dir)
    {
        string path = dir["table.parquet"];
        var label = new DataField("species", typeof(string));
        await WriteTable(path, label, async g => await g.WriteAsync(label, Species, null).ConfigureAwait(false));
        return path;
    }

    private static string Csv(TempDirectory dir) => dir.Write("table.csv", "width,height,count,species\n" + string.Concat(Enumerable.Range(0, Width.Length)
        .Select(r => string.Create(CultureInfo.InvariantCulture, $"{Width[r]:R},{Height[r]:R},{Count[r]},{Species[r]}\n"))));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_parquet_table_reads_as_the_csv_file_with_the_same_cells(bool fourBytes)
    {
        using var dir = new TempDirectory();
        string parquet = await Table(dir);
        var options = CsvOptions.Default with { Label = LabelColumn.Named("species"), SinglePrecision = fourBytes };
        var fromParquet = LabelledFiles.Load(parquet, null, options).Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        var fromCsv = LabelledFiles.Load(Csv(dir), null, options).Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        Assert.Equal(fourBytes, fromParquet.IsSinglePrecision);
        Assert.Equal(fromCsv.FeatureNames.ToArray(), fromParquet.FeatureNames.ToArray());
        Assert.Equal(fromCsv.Features.Span.ToArray(), fromParquet.Features.Span.ToArray());
        Assert.Equal(fromCsv.Labels.ToArray(), fromParquet.Labels.ToArray());
        Assert.Equal(["a", "b", "c"], fromParquet.Classes.ClassNames.ToArray());
    }

    // CSV merges spellings of one number into one class ("1", "1.0", "01" are "1"); Parquet kept each text as its own class.
    [Fact]
    public async Task Text_labels_spelling_one_number_are_one_class_as_in_the_csv_file()
    {
        using var dir = new TempDirectory();
        string[] spellings = ["1", "2", "1.0", "2", "01", "-0", "0", "1e0"];
        string parquet = dir["spellings.parquet"];
        var label = new DataField("species", typeof(string));
        await WriteTable(parquet, label, async g => await g.WriteAsync(label, spellings, null).ConfigureAwait(false));
        string csv = dir.Write("spellings.csv", "width,height,count,species\n" + string.Concat(Enumerable.Range(0, Width.Length)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{Width[r]:R},{Height[r]:R},{Count[r]},{spellings[r]}\n"))));
        var options = CsvOptions.Default with { Label = LabelColumn.Named("species") };
        var fromParquet = LabelledFiles.Load(parquet, null, options).Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        var fromCsv = LabelledFiles.Load(csv, null, options).Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        Assert.Equal(["0", "1", "2"], fromCsv.Classes.ClassNames.ToArray());
        Assert.Equal(fromCsv.Classes.ClassNames.ToArray(), fromParquet.Classes.ClassNames.ToArray());
        Assert.Equal(fromCsv.Labels.ToArray(), fromParquet.Labels.ToArray());
    }

    [Fact]
    public async Task Fnet_train_takes_a_parquet_table_as_data()
    {
        using var dir = new TempDirectory();
        string parquet = await Table(dir);
        var run = Fnet.InProcess("train", "--data", parquet, "--label", "species", "--epochs", "5", "--dtype", "float32", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.True(File.Exists(Path.Combine(dir["m"], "model.json")));
    }

    // fnet cache took Parquet regression tables once it streamed them; fnet train refused them as "not CSV".
    [Fact]
    public async Task A_parquet_regression_table_reads_as_the_csv_file_and_trains()
    {
        using var dir = new TempDirectory();
        string parquet = dir["regression.parquet"];
        var label = new DataField("target", typeof(double));
        double[] target = [.. Width.Select((w, r) => 2 * w - Count[r])];
        await WriteTable(parquet, label, async g => await g.WriteAsync<double>(label, target.AsMemory()).ConfigureAwait(false));
        string csv = dir.Write("regression.csv", "width,height,count,target\n" + string.Concat(Enumerable.Range(0, Width.Length)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{Width[r]:R},{Height[r]:R},{Count[r]},{target[r]:R}\n"))));
        var fromParquet = RegressionFiles.Load(parquet, "target").Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        var fromCsv = RegressionFiles.Load(csv, "target").Match(d => d, e => throw new InvalidOperationException(e.Error.Message));
        Assert.Equal(fromCsv.FeatureNames.ToArray(), fromParquet.FeatureNames.ToArray());
        Assert.Equal(fromCsv.Features.Span.ToArray(), fromParquet.Features.Span.ToArray());
        Assert.Equal(fromCsv.Targets.ToMatrix().Span.ToArray(), fromParquet.Targets.ToMatrix().Span.ToArray());
        var run = Fnet.InProcess("train", "--data", parquet, "--task", "regression", "--label", "target", "--epochs", "3", "--out", dir["m"], "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task A_text_feature_column_and_a_broken_file_are_one_named_error_each()
    {
        using var dir = new TempDirectory();
        string path = dir["text.parquet"];
        // The label column is numeric here, so with --label count the text column "species" is a feature; a text
        // feature makes the file a raw table (TableParquetTests) unless --impute none asks for numbers only.
        var label = new DataField("species", typeof(string));
        await WriteTable(path, label, async g => await g.WriteAsync(label, Species, null).ConfigureAwait(false));
        var run = Fnet.InProcess("train", "--data", path, "--label", "count", "--impute", "none", "--out", dir["m"], "-q");
        Assert.Equal(2, run.ExitCode);
        Fnet.AssertOneLineError(run, $"data file {path}, column \"species\": expected numbers, found text");

        var bytes = await File.ReadAllBytesAsync(path);
        string broken = dir["broken.parquet"];
        await File.WriteAllBytesAsync(broken, bytes[..(bytes.Length / 2)]);
        var bad = Fnet.InProcess("train", "--data", broken, "--out", dir["m"], "-q");
        Assert.Equal(2, bad.ExitCode);
        Fnet.AssertOneLineError(bad, $"data file {broken} is not a readable Parquet table: ");
    }
}
