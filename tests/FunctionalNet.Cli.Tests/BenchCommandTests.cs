using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Data;

namespace FunctionalNet.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void Json_lines_follow_the_peers_schema()
    {
        string data = WorkloadData();
        var run = Fnet.InProcess("bench", "--workload", "moons-gd", "--quick", "--json", "--threads", "1", "--data", data);
        Assert.True(run.ExitCode == 0, run.Error);
        using var record = JsonDocument.Parse(run.Out.Trim());
        var root = record.RootElement;
        Assert.Equal("moons-gd", root.GetProperty("workload").GetString());
        Assert.Equal("functionalnet", root.GetProperty("impl").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.True(root.GetProperty("quick").GetBoolean());
        foreach (var field in new[] { "dtype", "train_seconds", "steps", "samples_per_s", "final_loss", "train_accuracy", "test_accuracy", "gflops" })
            Assert.True(root.TryGetProperty(field, out _), $"missing {field}");
    }

    [Fact]
    public void Unknown_workloads_and_missing_data_are_one_line_errors()
    {
        var unknown = Fnet.InProcess("bench", "--workload", "moons-gd,nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("fnet: unknown workload nope; expected one of moons-gd, digits-sgd, digits-tnc, digits-lbfgs, digits-adam, wide-adam, gemm-mlp, predict-row, mnist-epochs, tabular-large or all",
            unknown.Error.Trim());

        var missing = Fnet.InProcess("bench", "--data", Directory.CreateTempSubdirectory().FullName);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("fnet: bench needs moons_1000.csv", missing.Error, StringComparison.Ordinal);

        string absent = Path.Combine(Directory.CreateTempSubdirectory().FullName, "mnist.csv");
        var noMnist = Fnet.InProcess("bench", "--workload", "mnist-epochs", "--mnist-csv", absent);
        Assert.Equal(2, noMnist.ExitCode);
        Assert.Equal($"fnet: mnist-epochs needs {absent}; none found (write it with benchmarks/scale/make_mnist_csv.py {absent}, or name another with --mnist-csv)",
            noMnist.Error.Trim());
    }

    /// <summary>A data folder in the workloads' CSV layout, made from the library's own moons and bundled digits.</summary>
    private static string WorkloadData()
    {
        string folder = Directory.CreateTempSubdirectory("fnet-bench-").FullName;
        var moons = Generators.Moons(Rng.Create(0), 1000, 0.1);
        Write(Path.Combine(folder, "moons_1000.csv"), moons.Features, moons.Labels);
        Write(Path.Combine(folder, "digits_train.csv"), BundledDigits.Train.Features, BundledDigits.Train.Labels);
        Write(Path.Combine(folder, "digits_test.csv"), BundledDigits.Test.Features, BundledDigits.Test.Labels);
        return folder;
    }

    private static void Write(string path, FunctionalNet.Matrix<double> x, IReadOnlyList<int> labels)
    {
        var lines = new List<string> { string.Join(',', Enumerable.Range(0, x.Cols).Select(j => $"x{j}").Append("label")) };
        for (int i = 0; i < x.Rows; i++)
            lines.Add(string.Join(',', x.Row(i).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)).Append(labels[i].ToString(CultureInfo.InvariantCulture))));
        File.WriteAllLines(path, lines);
    }
}
