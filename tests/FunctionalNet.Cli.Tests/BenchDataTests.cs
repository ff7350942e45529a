using System.Globalization;
using System.Text.Json;
using FunctionalNet.Bench;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.Cli.Tests;

/// <summary><c>fnet bench</c> from a fresh clone: no data folder anywhere near, yet every workload has its data.</summary>
public class BenchDataTests
{
    private static readonly string[] Workloads = ["moons-gd", "digits-sgd"];

    [Fact]
    public void Without_a_data_folder_bench_runs_on_generated_moons_and_bundled_digits_and_says_so()
    {
        using var dir = new TempDirectory();
        // A folder inside the temporary one, so that none of ./data, ../data, ./shared/data, ../shared/data exists.
        string work = Directory.CreateDirectory(dir["work"]).FullName;

        var run = Fnet.AsProcess(work, "bench", "--workload", string.Join(',', Workloads), "--quick", "--json", "--threads", "1");

        Assert.True(run.ExitCode == 0, run.Error);
        var records = Records(run.Out);
        Assert.Equal(Workloads, records.Select(r => r.GetProperty("workload").GetString()));
        Assert.Equal("built-in: generated moons (1000 points, noise 0.1, key 0)", records[0].GetProperty("data").GetString());
        Assert.Equal("built-in: bundled digits (the split of shared/data)", records[1].GetProperty("data").GetString());
        Assert.All(records, r => Assert.True(double.IsFinite(r.GetProperty("final_loss").GetDouble())));
        Assert.Equal(500, records[0].GetProperty("steps").GetInt64());
        Assert.Equal(3000, records[1].GetProperty("steps").GetInt64());
    }

    [Fact]
    public void A_data_folder_nearby_is_found_and_named_and_the_built_in_moons_written_there_train_to_the_same_bits()
    {
        using var dir = new TempDirectory();
        string work = Directory.CreateDirectory(dir["work"]).FullName;
        string data = Directory.CreateDirectory(dir["data"]).FullName;
        WriteCsv(Path.Combine(data, "moons_1000.csv"), BenchData.BuiltInMoons());

        var found = Records(Fnet.AsProcess(work, "bench", "--workload", "moons-gd", "--quick", "--json", "--threads", "1").Out);
        var output = new StringWriter();
        Assert.Equal(0, WorkloadRunner.Run(new BenchOptions(["moons-gd"], 1, true, null), output, TextWriter.Null));
        var builtIn = Records(output.ToString());

        var record = Assert.Single(found);
        Assert.Equal("file: " + Path.Combine(data, "moons_1000.csv"), record.GetProperty("data").GetString());
        // The file holds the generated points to the last bit, so training on it is training on the built-in moons.
        Assert.Equal(Assert.Single(builtIn).GetProperty("final_loss").GetDouble(), record.GetProperty("final_loss").GetDouble());
    }

    [SharedDataFact]
    public void The_bundled_digits_are_the_shared_data_split_row_for_row()
    {
        foreach (var (file, bundled) in new[] { ("digits_train.csv", BundledDigits.Train), ("digits_test.csv", BundledDigits.Test) })
        {
            string path = Path.Combine(SharedDataFactAttribute.Folder!, file);
            using var stream = File.OpenRead(path);
            var shared = CsvLoader.Load(stream, path).Match(d => d, e => throw new InvalidOperationException(e.Head.Message));
            Assert.Equal(bundled.Features.Span.ToArray(), shared.Features.Span.ToArray());
            Assert.Equal(bundled.Labels.ToArray(), shared.Labels.ToArray());
        }
    }

    private static List<JsonElement> Records(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private static void WriteCsv(string path, Dataset data)
    {
        var x = data.Features;
        var lines = new List<string> { "x0,x1,label" };
        for (int i = 0; i < x.Rows; i++)
            lines.Add(string.Join(',', x.Row(i).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))
                .Append(data.Labels[i].ToString(CultureInfo.InvariantCulture))));
        File.WriteAllLines(path, lines);
    }
}
