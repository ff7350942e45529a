using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Formats;

namespace FunctionalNet.Tests.Estimators;

/// <summary>The pure model-directory codec: encode → decode gives a model that predicts bit-identically; damaged bytes give named errors, never exceptions.</summary>
public class ModelDirectoryProperties
{
    [Property(MaxTest = 60)]
    public Property A_classifier_round_trips_through_bytes_and_predicts_bit_identically() =>
        Prop.ForAll(RandomEstimators.Cases(regression: false), c =>
        {
            var before = c.Classifier!;
            var files = ModelDirectory.Encode(before);
            var after = ModelDirectory.DecodeClassifier(files.Card, files.Weights).Match(v => v, e => throw new InvalidOperationException(e.Message));
            return RandomEstimators.Bits(before.PredictProba(c.Rows)).SequenceEqual(RandomEstimators.Bits(after.PredictProba(c.Rows)))
                && before.Predict(c.Rows).SequenceEqual(after.Predict(c.Rows))
                && after.Weights.Dtype == before.Weights.Dtype
                && after.Classes.SequenceEqual(before.Classes) && after.FeatureNames.SequenceEqual(before.FeatureNames)
                && after.Summary.Epoch == 7 && after.Summary.Step == 21 && after.Summary.Metrics["training_cost"] == 0.125
                && (after.Scaler is null) == (before.Scaler is null)
                // Encoding is deterministic: the same model gives the same bytes.
                && ModelDirectory.Encode(after).Card.SequenceEqual(files.Card) && ModelDirectory.Encode(after).Weights.SequenceEqual(files.Weights);
        });

    [Property(MaxTest = 60)]
    public Property A_regressor_round_trips_through_bytes_and_predicts_bit_identically() =>
        Prop.ForAll(RandomEstimators.Cases(regression: true), c =>
        {
            var before = c.Regressor!;
            var files = ModelDirectory.Encode(before);
            var after = ModelDirectory.DecodeRegressor(files.Card, files.Weights).Match(v => v, e => throw new InvalidOperationException(e.Message));
            return RandomEstimators.Bits(before.Predict(c.Rows)).SequenceEqual(RandomEstimators.Bits(after.Predict(c.Rows)))
                && after.Weights.Dtype == before.Weights.Dtype
                && after.TargetNames.SequenceEqual(before.TargetNames) && after.FeatureNames.SequenceEqual(before.FeatureNames)
                && (after.TargetScaler is null) == (before.TargetScaler is null);
        });

    [Property(MaxTest = 300)]
    public Property Damaged_bytes_decode_to_a_named_error_and_never_throw() =>
        Prop.ForAll(RandomEstimators.Cases(regression: false), Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Elements(Damages).ToArbitrary(), (c, seed, damage) =>
        {
            var files = c.Regressor is { } r ? ModelDirectory.Encode(r) : ModelDirectory.Encode(c.Classifier!);
            var rng = Rng.Create((ulong)seed);
            var (card, weights) = damage.Card ? (damage.Apply(files.Card, rng), files.Weights) : (files.Card, damage.Apply(files.Weights, rng));
            var decoded = ModelDirectory.Decode(card, weights);
            // A change may leave the bytes equivalent (a space in JSON): then it must decode; otherwise it must name the file.
            return decoded.Match(
                _ => card.SequenceEqual(files.Card) && weights.SequenceEqual(files.Weights) || damage.Card,
                e => e.Code.Length > 0 && e.Message.StartsWith(damage.Card ? ModelDirectory.CardFile : ModelDirectory.WeightsFile, StringComparison.Ordinal)
                     && !e.Message.Contains('\n'))
                .Label($"{damage.Name}: {decoded.Match(_ => "decoded", e => e.Code + " " + e.Message)}");
        });

    [Fact]
    public void Weights_from_another_save_are_refused_by_checksum()
    {
        var a = RandomEstimators.Build(false, 3, [4], 3, false, true, false, 1).Classifier!;
        var b = RandomEstimators.Build(false, 3, [4], 3, false, true, false, 2).Classifier!;
        var error = ModelDirectory.Decode(ModelDirectory.Encode(a).Card, ModelDirectory.Encode(b).Weights).Match(_ => null!, e => e);
        Assert.Equal("model.checksum", error.Code);
    }

    [Fact]
    public void A_classifier_directory_is_not_a_regressor_and_back()
    {
        var c = RandomEstimators.Build(false, 2, [3], 2, true, false, false, 3).Classifier!;
        var r = RandomEstimators.Build(true, 2, [3], 2, true, false, true, 4).Regressor!;
        var asRegressor = ModelDirectory.DecodeRegressor(ModelDirectory.Encode(c).Card, ModelDirectory.Encode(c).Weights).Match(_ => null!, e => e);
        var asClassifier = ModelDirectory.DecodeClassifier(ModelDirectory.Encode(r).Card, ModelDirectory.Encode(r).Weights).Match(_ => null!, e => e);
        Assert.Equal("model.task", asRegressor.Code);
        Assert.Contains("classification model, not a regressor", asRegressor.Message, StringComparison.Ordinal);
        Assert.Equal("model.task", asClassifier.Code);
    }

    [Fact]
    public void A_card_written_before_task_summary_and_targets_reads_as_a_classifier()
    {
        var c = RandomEstimators.Build(false, 2, [3], 2, false, true, false, 5).Classifier!;
        var files = ModelDirectory.Encode(c);
        // The card as fnet 0.1 wrote it: no task, no summary, no targets or target scaler.
        string old = System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(files.Card),
            @",\s*""(task|summary|targets|target_scaler)"":\s*(""[^""]*""|\{[^}]*\}|\[[^\]]*\]|null)", "");
        Assert.DoesNotContain("task", old, StringComparison.Ordinal);
        var back = ModelDirectory.DecodeClassifier(Encoding.UTF8.GetBytes(old), files.Weights).Match(v => v, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(c.Classes.ToArray(), back.Classes.ToArray());
        Assert.Null(back.Summary.Epoch);
        Assert.Equal(RandomEstimators.Bits(c.PredictProba(RandomEstimators.Build(false, 2, [3], 2, false, true, false, 5).Rows)),
            RandomEstimators.Bits(back.PredictProba(RandomEstimators.Build(false, 2, [3], 2, false, true, false, 5).Rows)));
    }

    /// <summary>A way to damage one of the files.</summary>
    public sealed record Damage(string Name, bool Card, Func<byte[], Rng, byte[]> Apply)
    {
        public override string ToString() => Name;
    }

    private static int At(Rng rng, int length) => (int)(rng.Bits(0) % (ulong)Math.Max(1, length));

    public static readonly Damage[] Damages =
    [
        new("card truncated", true, (b, r) => b[..At(r, b.Length)]),
        new("weights truncated", false, (b, r) => b[..At(r, b.Length)]),
        new("card byte flipped", true, (b, r) => Flip(b, At(r, b.Length), (byte)(1 + r.Bits(1) % 255))),
        new("weights byte flipped", false, (b, r) => Flip(b, At(r, b.Length), (byte)(1 + r.Bits(1) % 255))),
        new("card empty", true, (_, _) => []),
        new("weights empty", false, (_, _) => []),
        new("card not UTF-8", true, (b, r) => Flip(b, At(r, b.Length), 0x80)),
        new("weights header length huge", false, (b, _) => [.. BitConverter.GetBytes(ulong.MaxValue - 7), .. b[8..]]),
        new("weights with a byte more", false, (b, _) => [.. b, 0]),
        new("card with a null layer", true, (b, _) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\"layers\": [", "\"layers\": [null, ", StringComparison.Ordinal))),
        new("card with a huge width", true, (b, _) => Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(b), @"""units"": \d+", "\"units\": 2147483647"))),
        new("card task unknown", true, (b, _) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(b).Replace("\"classification\"", "\"ranking\"", StringComparison.Ordinal))),
    ];

    private static byte[] Flip(byte[] bytes, int at, byte mask)
    {
        var copy = (byte[])bytes.Clone();
        if (copy.Length > 0) copy[at] ^= mask;
        return copy;
    }
}
