using System.Globalization;
using System.Text.Json;
using FunctionalNet.Bench;

namespace FunctionalNet.Tests.Bench;

public class RealisticWorkloadTests
{
    [Fact]
    public void The_realistic_workloads_are_known_but_run_only_when_named()
    {
        Assert.Contains("mnist-epochs", WorkloadRunner.Ids);
        Assert.Contains("tabular-large", WorkloadRunner.Ids);
        Assert.DoesNotContain("mnist-epochs", WorkloadRunner.AllIds);
        Assert.DoesNotContain("tabular-large", WorkloadRunner.AllIds);
        Assert.Equal(WorkloadRunner.Ids.Count - 2, WorkloadRunner.AllIds.Count);
    }

    [Fact]
    public void Tabular_rows_are_the_floats_the_numpy_peer_computes()
    {
        // Rows 999,998 … 1,000,000 from benchmarks/peers/torch_realistic.py's tabular_data(3, first=999_998)
        // (numpy 1.24 uint64 splitmix64, float64 sums), printed as float32 values.
        var data = TabularData.Generate(3, first: 999_998);
        float[,] x = { { -0.618260383605957f, -0.5316121578216553f, -0.8612457513809204f, 0.39590704441070557f },
                       { -0.6799838542938232f, 0.23928511142730713f, 0.31754767894744873f, 0.6820985078811646f },
                       { 0.37208640575408936f, -0.8040081262588501f, -0.7005454301834106f, 0.46863269805908203f } };
        float[] y = [3.901010751724243f, -0.8897193074226379f, 0.17834140360355377f];
        var features = data.FeaturesIn<float>();
        var values = ((ValueTargets)data.Targets).Values;
        for (int r = 0; r < 3; r++)
        {
            for (int j = 0; j < 4; j++) Assert.Equal(x[r, j], features[r, j]);
            Assert.Equal(y[r], (float)values[r, 0]);
        }
    }

    [Fact]
    public void Mnist_epochs_times_load_and_five_epochs_and_reports_its_peak_memory()
    {
        string folder = Directory.CreateTempSubdirectory("fnet-mnist-").FullName;
        try
        {
            // 70 rows, each class lighting its own band of pixels (as make_mnist_csv.py does).
            string path = Path.Combine(folder, "mnist.csv");
            var lines = new List<string> { string.Join(',', Enumerable.Range(0, 784).Select(j => $"pixel{j}")) + ",label" };
            for (int r = 0; r < 70; r++)
                lines.Add(string.Join(',', Enumerable.Range(0, 784).Select(j => (j / 78 == r % 10 ? 200 + j % 50 : (r * j) % 7 == 0 ? 30 : 0).ToString(CultureInfo.InvariantCulture))) + $",{r % 10}");
            File.WriteAllLines(path, lines);
            var context = new BenchContext(new BenchOptions(["mnist-epochs"], 1, true, null) { MnistCsv = path });

            using var json = JsonDocument.Parse(RealisticWorkloads.MnistEpochs(context, 64).ToJson());
            var root = json.RootElement;
            Assert.Equal(5, root.GetProperty("steps").GetInt64()); // 5 epochs of one 64-row batch
            Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 0);
            Assert.InRange(root.GetProperty("train_accuracy").GetDouble(), 0, 1);
            Assert.StartsWith("load ", root.GetProperty("note").GetString(), StringComparison.Ordinal);
            var tooMany = Assert.Throws<FormatException>(() => RealisticWorkloads.MnistEpochs(context, 100));
            Assert.Contains("has 70 rows", tooMany.Message, StringComparison.Ordinal);
            var missing = new BenchContext(new BenchOptions(["mnist-epochs"], 1, true, null) { MnistCsv = Path.Combine(folder, "none.csv") });
            Assert.Contains("make_mnist_csv.py", Assert.Throws<FileNotFoundException>(() => RealisticWorkloads.MnistEpochs(missing, 64)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Tabular_large_is_a_regression_record_with_null_accuracy()
    {
        var context = new BenchContext(new BenchOptions(["tabular-large"], 1, true, null));
        using var json = JsonDocument.Parse(RealisticWorkloads.TabularLarge(context, 512).ToJson());
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("steps").GetInt64()); // 2 epochs of two 256-row batches
        Assert.Equal(JsonValueKind.Null, root.GetProperty("train_accuracy").ValueKind);
        Assert.True(root.GetProperty("final_loss").GetDouble() is > 0 and < 10);
    }
}
