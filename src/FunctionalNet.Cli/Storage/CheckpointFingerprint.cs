using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FunctionalNet.Cli.Options;
using FunctionalNet.Model;

namespace FunctionalNet.Cli.Storage;

/// <summary>
/// The text a checkpoint is stamped with and a resume must match: the named settings that decide what the run computes,
/// each as <c>name=value</c> in a fixed order and spelling (numbers invariant and round-trip; in text, <c>%</c>, space and
/// comma percent-escaped, so a value cannot pass for another entry or list item; a null value is the name alone). Settings that only say how long the run goes or where and how it reports
/// (<c>--epochs</c>, <c>--out</c>, progress, plots, history, checkpoint interval, <c>--resume</c>, the decision fitted
/// afterwards, the process count) are not in it. A warm start (<c>--init-from</c>) is, by its card's SHA-256: its
/// weights are replaced by the checkpoint's, but its scaler, classes and table preprocessing go on shaping every step.
/// </summary>
internal static class CheckpointFingerprint
{
    /// <summary>
    /// The fingerprint of <paramref name="s"/> training <paramref name="architecture"/>. An entry with a neutral value (the
    /// one that computes what runs did before its option existed) is left out at that value, so adding an option
    /// refuses no checkpoint of a run that leaves it at its neutral value.
    /// </summary>
    public static string Of(TrainSettings s, Architecture architecture) =>
        string.Join(" ", Entries(s, architecture).Where(e => !e.Neutral).Select(e => e.Value is null ? e.Name : e.Name + "=" + e.Value));

    private readonly record struct Entry(string Name, string? Value, bool Neutral = false);

    // Append new options at the end with their neutral value; renaming or respelling an entry refuses every older checkpoint.
    private static IEnumerable<Entry> Entries(TrainSettings s, Architecture a)
    {
        var t = s.Table;
        return [
            new("data", T(s.Data)), new("label", T(s.Label)), new("samples", I(s.Samples)), new("noise", D(s.Noise)),
            new("labels", T(s.Labels)), new("test-labels", T(s.TestLabels)), new("task", T(s.Task)), new("weight-column", T(s.WeightColumn)),
            new("test-split", D(s.TestSplit)), new("test-data", T(s.TestData)), new("validation-split", D(s.ValidationSplit)),
            new("optimizer", T(s.Optimizer)), new("lr", D(s.LearningRate)), new("weight-decay", D(s.WeightDecay)), new("lr-schedule", T(s.LrSchedule)),
            new("clip-norm", D(s.ClipNorm)), new("clip-value", D(s.ClipValue)), new("batch-size", I(s.BatchSize)), new("init", T(s.Init)),
            new("seed", s.Seed.ToString(CultureInfo.InvariantCulture)), new("dtype", s.Float32 ? "float32" : "float64"), new("scale", T(s.Scale)),
            new("patience", I(s.Patience)), new("tolerance", D(s.Tolerance)), new("restore-best", B(s.RestoreBest)), new("epoch-cost", T(s.EpochCost)),
            new("class-weight", T(s.ClassWeight)), new("dropout", T(s.Dropout)), new("recorded", T(s.Recorded?.ToString())),
            new("table", B(t.Requested)), new("drop", List(t.Reading.Drop)), new("categorical", List(t.Reading.Categorical)),
            new("numeric", List(t.Reading.Numeric)), new("missing-values", List(t.Reading.MissingValues)),
            new("delimiter", T(t.Reading.Delimiter?.ToString())), new("impute", T(t.Preprocessing.NumericImputer)), new("fill", D(t.Preprocessing.FillValue)),
            new("impute-categorical", T(t.Preprocessing.CategoricalImputer)), new("max-categories", I(t.Preprocessing.MaxCategories)),
            new("missing-indicator", B(t.Preprocessing.MissingIndicator)), new("unknown-category", T(t.Preprocessing.Unknown)),
            new("network", T(a.Shape)), new("activations", List([.. a.Layers.Select(l => l.Activation.Name)])), new("loss", T(a.Loss.Name)), new("l2", D(a.Lambda)),
            // Options added after the runs whose checkpoints should still resume: neutral at the value those runs computed with.
            new("slots", I(s.Slots), s.Slots == 0), new("kernels", T(s.Kernels), s.Kernels == "fast"), new("sampling", T(s.Sampling), s.Sampling is null or "shuffled"),
            new("init-from", s.Warm is { } warm ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(warm.Card.ToJson()))) : null, s.Warm is null),
            new("history-every", I(s.HistoryEvery), s.HistoryEvery == 1),
        ];
    }

    private static string? I(int? v) => v?.ToString(CultureInfo.InvariantCulture);

    private static string? D(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);

    private static string B(bool v) => v ? "true" : "false";

    private static string? T(string? text) =>
        text?.Replace("%", "%25", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    // Counted, so [""] is not [].
    private static string List(System.Collections.Immutable.ImmutableArray<string> items) =>
        $"{(items.IsDefault ? 0 : items.Length)}:" + string.Join(",", (items.IsDefault ? [] : items).Select(T));
}
