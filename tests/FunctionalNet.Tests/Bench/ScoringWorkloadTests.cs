using System.Text.Json;
using FunctionalNet.Bench;

namespace FunctionalNet.Tests.Bench;

/// <summary>The predict-row workload's records, on a tiny budget: their shape, not their times.</summary>
public class ScoringWorkloadTests
{
    [Fact]
    public void Predict_row_writes_a_library_and_an_onnxruntime_record_per_model_dtype_and_form()
    {
        var context = new BenchContext(new BenchOptions(["predict-row"], 1, true, null));

        var records = ScoringWorkloads.PredictRow(context, 40).ToList();

        string[] workloads = ["predict-row/iris", "predict-row/digits", "predict-row/digits-batch"];
        var expected = workloads.SelectMany(w => new[] { "float32", "float64" }.SelectMany(d => new[] { (w, d, "functionalnet"), (w, d, "onnxruntime") }));
        Assert.Equal(expected.Order(), records.Select(r => (r.Workload, r.DType, r.Implementer)).Order());
        foreach (var record in records)
        {
            using var json = JsonDocument.Parse(record.ToJson());
            var root = json.RootElement;
            bool batch = record.Workload.EndsWith("-batch", StringComparison.Ordinal);
            Assert.Equal(batch ? ScoringWorkloads.BatchRows : 1, root.GetProperty("rows_per_call").GetInt32());
            Assert.True(root.GetProperty("ns_per_row").GetDouble() > 0);
            Assert.True(root.GetProperty("bytes_per_call").GetDouble() >= 0);
            Assert.True(root.GetProperty("quick").GetBoolean());
            if (record.Implementer == BenchRecord.Implementation)
                Assert.Equal(1.0, record.TrainAccuracy); // the span methods give the matrix method's classes
            if (record.Implementer == BenchRecord.Implementation && !batch)
                Assert.Equal(0, root.GetProperty("bytes_per_call").GetDouble());
        }
    }

    [Fact]
    public void A_training_record_has_no_scoring_fields()
    {
        var line = new BenchRecord("moons-gd", "float64", 1, 0.5, 10, 100, 0.1, 0.75, null, null, false).ToJson();
        Assert.DoesNotContain("ns_per_row", line, StringComparison.Ordinal);
        Assert.Contains("\"impl\":\"functionalnet\"", line, StringComparison.Ordinal);
    }
}
