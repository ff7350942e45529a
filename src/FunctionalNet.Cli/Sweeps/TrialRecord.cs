using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// One trial's line in a results file. Everything but <see cref="WallSeconds"/> is a pure function of the sweep's
/// settings, so lines from any machine, shard or thread count compare equal; the wall time is left out of that.
/// </summary>
/// <param name="Sweep">The sweep's id (see <see cref="SweepPlan"/>).</param>
/// <param name="Trial">Canonical index: configuration × folds + fold.</param>
/// <param name="Trials">How many trials the sweep has.</param>
/// <param name="Config">The grid values of the trial's configuration, in the grid's key order.</param>
/// <param name="Metrics">Scores and cost on the fold's held-out rows (validation_*: every <see cref="Scoring"/> metric of the task) and on its training rows (train_*); null when not finite.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="KeptEpoch">The epoch whose parameters were scored.</param>
/// <param name="Stop">Why training stopped (the engine's stop kind, kebab-case).</param>
/// <param name="WallSeconds">Wall-clock seconds the trial took.</param>
/// <param name="Arguments">The sweep's fixed train options (its command line less the grid), which with <see cref="Config"/>'s make the trial's <c>fnet train</c> options; empty in lines of an fnet before --refit.</param>
/// <param name="Final">The trial's last history row without its seconds (columns as history.csv's: epoch, train_cost, validation_cost, validation_accuracy or validation_r2, learning_rate), or empty.</param>
internal sealed record TrialRecord(string Sweep, int Trial, int Trials, ImmutableArray<(string Key, string Value)> Config, int Fold, int Folds,
    ulong Seed, ImmutableSortedDictionary<string, double?> Metrics, int Epochs, int KeptEpoch, string Stop, double? WallSeconds = null,
    ImmutableArray<string> Arguments = default, ImmutableArray<(string Column, double? Value)> Final = default)
{
    /// <summary>The configuration's canonical index.</summary>
    public int Configuration => Trial / Folds;

    /// <summary>The line (without its newline): keys in a fixed order, numbers in shortest round-trip form.</summary>
    public string ToJson(bool withWallTime = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("sweep", Sweep);
            w.WriteNumber("trial", Trial);
            w.WriteNumber("trials", Trials);
            w.WriteStartObject("config");
            foreach (var (key, value) in Config) w.WriteString(key, value);
            w.WriteEndObject();
            w.WriteNumber("fold", Fold);
            w.WriteNumber("folds", Folds);
            w.WriteNumber("seed", Seed);
            w.WriteStartObject("metrics");
            foreach (var (key, value) in Metrics)
                if (value is { } v) w.WriteNumber(key, v);
                else w.WriteNull(key);
            w.WriteEndObject();
            w.WriteNumber("epochs", Epochs);
            w.WriteNumber("kept_epoch", KeptEpoch);
            w.WriteString("stop", Stop);
            if (!Arguments.IsDefault)
            {
                w.WriteStartArray("arguments");
                foreach (string argument in Arguments) w.WriteStringValue(argument);
                w.WriteEndArray();
            }
            if (!Final.IsDefaultOrEmpty)
            {
                w.WriteStartObject("final");
                foreach (var (column, value) in Final)
                    if (value is { } v && double.IsFinite(v)) w.WriteNumber(column, v);
                    else w.WriteNull(column);
                w.WriteEndObject();
            }
            if (withWallTime && WallSeconds is { } seconds) w.WriteNumber("wall_seconds", Math.Round(seconds, 3));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A line read back, or what is wrong with it.</summary>
    public static LanguageExt.Either<string, TrialRecord> Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var o = json.RootElement;
            var record = new TrialRecord(o.GetProperty("sweep").GetString()!, o.GetProperty("trial").GetInt32(), o.GetProperty("trials").GetInt32(),
                [.. o.GetProperty("config").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!))],
                o.GetProperty("fold").GetInt32(), o.GetProperty("folds").GetInt32(), o.GetProperty("seed").GetUInt64(),
                o.GetProperty("metrics").EnumerateObject().ToImmutableSortedDictionary(p => p.Name,
                    p => p.Value.ValueKind == JsonValueKind.Null ? (double?)null : p.Value.GetDouble(), StringComparer.Ordinal),
                o.GetProperty("epochs").GetInt32(), o.GetProperty("kept_epoch").GetInt32(), o.GetProperty("stop").GetString()!,
                o.TryGetProperty("wall_seconds", out var wall) ? wall.GetDouble() : null,
                o.TryGetProperty("arguments", out var arguments) ? [.. arguments.EnumerateArray().Select(a => a.GetString() ?? throw new FormatException("an argument is null"))] : default,
                o.TryGetProperty("final", out var final)
                    ? [.. final.EnumerateObject().Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Null ? (double?)null : p.Value.GetDouble()))]
                    : default);
            if (record.Folds < 2 || record.Fold < 0 || record.Fold >= record.Folds || record.Trial < 0 || record.Trial >= record.Trials
                || record.Trial % record.Folds != record.Fold)
                return "its trial, fold and counts do not fit together";
            return record;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return $"not a sweep result line ({e.Message})";
        }
    }
}
