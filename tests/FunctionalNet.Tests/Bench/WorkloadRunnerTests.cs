using System.Globalization;
using System.Text.Json;
using FunctionalNet.Bench;

namespace FunctionalNet.Tests.Bench;

public class WorkloadRunnerTests
{
    private static readonly string[] SchemaFields =
        ["workload", "impl", "dtype", "threads", "train_seconds", "steps", "samples_per_s", "final_loss",
         "train_accuracy", "test_accuracy", "gflops", "quick"];

    [Fact]
    public void A_record_is_one_json_line_with_every_schema_field_and_null_for_missing_or_non_finite_values()
    {
        var record = new BenchRecord("moons-gd", "float64", 2, 0.5, 10, 100, double.NaN, 0.75, null, 3.0, true);
        string line = record.ToJson();
        Assert.DoesNotContain('\n', line);
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal(SchemaFields, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("functionalnet", root.GetProperty("impl").GetString());
        Assert.Equal(200, root.GetProperty("samples_per_s").GetDouble());
        Assert.Equal(6, root.GetProperty("gflops").GetDouble());
        Assert.Equal(6, record.GflopPerSecond); // the table's column reads the same rate, not the total 3 GFLOP
        Assert.Equal(JsonValueKind.Null, root.GetProperty("final_loss").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("test_accuracy").ValueKind);
    }

    [Fact]
    public void A_measured_cpu_time_is_written_after_the_schema_fields()
    {
        var record = new BenchRecord("moons-gd", "float64", 2, 0.5, 10, 100, 0.25, 0.75, null, null, false) { CpuSeconds = 0.4375 };
        using var json = JsonDocument.Parse(record.ToJson());
        Assert.Equal([.. SchemaFields, "train_cpu_seconds"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.4375, json.RootElement.GetProperty("train_cpu_seconds").GetDouble());
    }

    [Fact]
    public void Moons_gd_on_a_small_file_prints_one_quick_record_with_its_budget()
    {
        string folder = Directory.CreateTempSubdirectory("fnet-bench-").FullName;
        try
        {
            // Two separable blobs, 40 rows: enough for the workload to run its 500 quick steps.
            var lines = new List<string> { "x0,x1,label" };
            for (int i = 0; i < 40; i++)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{(i % 2 == 0 ? -1.0 : 1.0) + i * 0.01},{i * 0.02},{i % 2}"));
            File.WriteAllLines(Path.Combine(folder, "moons_1000.csv"), lines);
            var output = new StringWriter();
            var errors = new StringWriter();

            int code = WorkloadRunner.Run(new BenchOptions(["moons-gd"], 1, true, folder), output, errors);

            Assert.Equal(0, code);
            Assert.Equal("", errors.ToString());
            var records = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var root = Assert.Single(records, r => r.Length > 0);
            using var json = JsonDocument.Parse(root);
            Assert.Equal("moons-gd", json.RootElement.GetProperty("workload").GetString());
            Assert.Equal(500, json.RootElement.GetProperty("steps").GetInt64());
            Assert.True(json.RootElement.GetProperty("quick").GetBoolean());
            Assert.Equal(1, json.RootElement.GetProperty("threads").GetInt32());
            // The process's CPU over the timed run is measured beside the wall clock (a value, never asserted on).
            Assert.True(json.RootElement.GetProperty("train_cpu_seconds").GetDouble() >= 0);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Unknown_ids_are_refused_before_anything_runs()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(2, WorkloadRunner.Run(new BenchOptions(["moons-gd", "no-such"], 1, true, "/nonexistent"), output, errors));
        Assert.Equal("", output.ToString());
        Assert.Contains("no-such", errors.ToString(), StringComparison.Ordinal);
    }
}
