using System.Text;
using System.Text.Json;

namespace FunctionalNet.Bench;

/// <summary>One result line in the schema of WORKLOADS.md, plus <c>data</c>: which data the workload used
/// (<see cref="BenchData.Describe"/>), written when known, for a scoring workload its <see cref="ScoringTimes"/>, and for a
/// realistic-size workload the peak resident set over its run (<c>peak_rss_mb</c>), and when measured the process's CPU
/// seconds over the timed run (<c>train_cpu_seconds</c>). A NaN accuracy (regression) is written null.</summary>
public sealed record BenchRecord(
    string Workload,
    string DType,
    int Threads,
    double TrainSeconds,
    long Steps,
    double Samples,
    double FinalLoss,
    double TrainAccuracy,
    double? TestAccuracy,
    double? Gflop,
    bool Quick,
    string? Note = null,
    string? Data = null,
    string Implementer = BenchRecord.Implementation,
    ScoringTimes? Scoring = null,
    long? PeakRssBytes = null)
{
    /// <summary>The process's CPU seconds (user and system, every thread) over the workload's timed run, or null when
    /// not measured: on a shared machine it swings far less than <see cref="TrainSeconds"/> (benchmarks/users-path/steady.sh).</summary>
    public double? CpuSeconds { get; init; }

    /// <summary>The implementation name of the library's own records (a scoring workload also measures <c>onnxruntime</c>).</summary>
    public const string Implementation = "functionalnet";

    /// <summary>The work's rate in GFLOP per second (<see cref="Gflop"/> is the total over the timed run), or null.</summary>
    public double? GflopPerSecond => Gflop / TrainSeconds;

    /// <summary>The record as one JSON object on one line.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("workload", Workload);
            json.WriteString("impl", Implementer);
            json.WriteString("dtype", DType);
            json.WriteNumber("threads", Threads);
            json.WriteNumber("train_seconds", Math.Round(TrainSeconds, 6));
            json.WriteNumber("steps", Steps);
            json.WriteNumber("samples_per_s", Math.Round(Samples / TrainSeconds, 3));
            Number(json, "final_loss", FinalLoss);
            Number(json, "train_accuracy", TrainAccuracy);
            Number(json, "test_accuracy", TestAccuracy);
            Number(json, "gflops", GflopPerSecond is { } g ? Math.Round(g, 3) : null);
            json.WriteBoolean("quick", Quick);
            if (Note is not null) json.WriteString("note", Note);
            if (Data is not null) json.WriteString("data", Data);
            if (CpuSeconds is { } cpu) json.WriteNumber("train_cpu_seconds", Math.Round(cpu, 6));
            if (PeakRssBytes is { } peak) json.WriteNumber("peak_rss_mb", Math.Round(peak / 1e6, 1));
            if (Scoring is { } scoring)
            {
                json.WriteNumber("rows_per_call", scoring.RowsPerCall);
                json.WriteNumber("ns_per_row", Math.Round(TrainSeconds * 1e9 / Samples, 3));
                json.WriteNumber("bytes_per_call", scoring.BytesPerCall);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // JSON has no NaN: a diverged loss is written as null rather than breaking the line.
    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }
}
