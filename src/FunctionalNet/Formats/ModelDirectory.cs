using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// Encodes and decodes a model directory — <c>model.json</c> (the card) and <c>model.safetensors</c> (the weights) —
/// as pure functions over bytes. Decoding checks everything (strict UTF-8 and JSON, the card's schema, the weights'
/// checksum, names, dtypes, shapes and finiteness) and never throws on bad bytes: each problem is an
/// <see cref="Error"/> naming the file. Reading and writing the files is left to the caller (FunctionalNet.IO).
/// </summary>
public static class ModelDirectory
{
    /// <summary>The card's file name.</summary>
    public const string CardFile = "model.json";

    /// <summary>The weights' file name.</summary>
    public const string WeightsFile = "model.safetensors";

    // A card is a few kilobytes plus its names and scaler: 64 MB is far beyond any real one and bounds a read.
    /// <summary>The largest card a reader needs to accept.</summary>
    public const long MaxCardBytes = 64L << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The directory's files for <paramref name="classifier"/>.</summary>
    public static ModelDirectoryBytes Encode(Classifier classifier) => Encode(Card(classifier), classifier.Weights);

    /// <summary>The directory's files for <paramref name="regressor"/>.</summary>
    public static ModelDirectoryBytes Encode(Regressor regressor) => Encode(Card(regressor), regressor.Weights);

    /// <summary>The directory's files for <paramref name="model"/>.</summary>
    public static ModelDirectoryBytes Encode(MultiLabelClassifier model) => Encode(Card(model), model.Weights);

    /// <summary>
    /// The card of <paramref name="classifier"/> — the one card builder: its architecture, preprocessing, summary and
    /// training section (with the options it was fitted from); the checksum is filled in by <see cref="Encode(ModelCard, NetworkWeights)"/>.
    /// </summary>
    public static ModelCard Card(Classifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return Card(classifier.Architecture, classifier.Weights, classifier.Summary, ModelCard.Classification,
            new PreprocessingCard(classifier.FeatureNames, classifier.Classes, classifier.Scaler, null) { Table = classifier.Preprocessing })
            with { Decision = DecisionCard.Of(classifier) };
    }

    /// <summary>The card of <paramref name="regressor"/>, as <see cref="Card(Classifier)"/>.</summary>
    public static ModelCard Card(Regressor regressor)
    {
        ArgumentNullException.ThrowIfNull(regressor);
        return Card(regressor.Architecture, regressor.Weights, regressor.Summary, ModelCard.Regression,
            new PreprocessingCard(regressor.FeatureNames, [], regressor.Scaler, null, regressor.TargetNames, regressor.TargetScaler) { Table = regressor.Preprocessing });
    }

    /// <summary>The card of <paramref name="model"/>, as <see cref="Card(Classifier)"/>: task <c>multilabel</c>, the label names as its targets.</summary>
    public static ModelCard Card(MultiLabelClassifier model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Card(model.Architecture, model.Weights, model.Summary, ModelCard.MultiLabel,
            new PreprocessingCard(model.FeatureNames, [], model.Scaler, null, model.Labels));
    }

    /// <summary>
    /// The directory's files for <paramref name="card"/> and <paramref name="weights"/>; the card's dtype, weights
    /// file name and checksum are filled in here, so they always describe these weights.
    /// </summary>
    public static ModelDirectoryBytes Encode(ModelCard card, NetworkWeights weights)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(weights);
        KeyValuePair<string, string>[] metadata = [new("format", "pt"), new("producer", $"FunctionalNet {ModelCard.ThisLibrary.Version}")];
        var file = weights switch
        {
            NetworkWeights.F32 s => ModelWeights.ToSafetensors(s.Parameters, metadata),
            NetworkWeights.F64 d => ModelWeights.ToSafetensors(d.Parameters, metadata),
            _ => throw new ArgumentException("unknown weights", nameof(weights)),
        };
        var bytes = Safetensors.Write(file);
        var complete = card with
        {
            Dtype = weights.Dtype,
            Weights = WeightsFile,
            WeightsSha256 = Sha256(bytes),
            Metrics = (card.Metrics ?? ImmutableSortedDictionary<string, double>.Empty).Where(p => double.IsFinite(p.Value)).ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
        return new ModelDirectoryBytes(Encoding.UTF8.GetBytes(complete.ToJson()), bytes);
    }

    /// <summary>The directory's files for a card and parameters of either precision (what <c>fnet train</c> saves).</summary>
    public static Either<Error, ModelDirectoryBytes> Encode<T>(ModelCard card, Parameters<T> parameters) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        NetworkWeights.Of(parameters).Map(weights => Encode(card, weights));

    private static ModelCard Card(Architecture architecture, NetworkWeights weights, TrainingSummary summary, string task, PreprocessingCard preprocessing) =>
        new(ModelCard.CurrentFormat, ModelCard.ThisLibrary, ModelCard.Describe(architecture), weights.Dtype, WeightsFile, new string('0', 64),
            preprocessing, summary.Training, summary.Metrics, task,
            summary.Epoch is null && summary.Step is null && summary.StopReason is null ? null : new SummaryCard(summary.Epoch, summary.Step, summary.StopReason));

    /// <summary>The card in <paramref name="bytes"/>: strict UTF-8 JSON of this schema, checked as <see cref="ModelCard.Parse"/> does.</summary>
    public static Either<Error, ModelCard> DecodeCard(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return new Error("card.utf8", $"model card: not UTF-8 text ({e.Message})");
        }
        return ModelCard.Parse(text.StartsWith('\uFEFF') ? text[1..] : text);
    }

    /// <summary>The most bytes the weights of <paramref name="architecture"/> in the card's dtype can take (a header plus the parameters).</summary>
    public static long WeightsLimit(ModelCard card, Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(architecture);
        return 8 + 1_000_000 + (long)architecture.Layout.Count * (card.Dtype == "float32" ? 4 : 8);
    }

    /// <summary>
    /// The model whose card is <paramref name="card"/> and whose weights file holds <paramref name="weights"/>: the
    /// bytes must have the card's checksum and hold exactly the architecture's tensors in the card's dtype.
    /// </summary>
    public static Either<Error, StoredModel> DecodeWeights(ModelCard card, ReadOnlySpan<byte> weights)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (!card.ToArchitecture().TryGet(out var architecture, out var bad)) return bad;
        if (weights.Length > WeightsLimit(card, architecture))
            return new Error("weights.too-large", $"the weights are {weights.Length} bytes, more than a {architecture.Shape} network in {card.Dtype} needs");
        if (Sha256(weights) != card.WeightsSha256)
            return new Error("model.checksum", $"the weights file does not match the SHA-256 in {CardFile}: the weights changed since the card was written (another save into this directory may have been under way, or the files come from different saves)");
        var bytes = weights.ToArray();
        return
            from file in Safetensors.Read(bytes)
            from tagged in card.Dtype == "float32"
                ? ModelWeights.ToParameters<float>(architecture, file).Map(p => (NetworkWeights)new NetworkWeights.F32(p))
                : ModelWeights.ToParameters<double>(architecture, file).Map(p => (NetworkWeights)new NetworkWeights.F64(p))
            select new StoredModel(card, architecture, tagged);
    }

    /// <summary>Both files decoded and checked; errors name the file (<c>model.json: …</c> or <c>model.safetensors: …</c>).</summary>
    public static Either<Error, StoredModel> Decode(ReadOnlySpan<byte> card, ReadOnlySpan<byte> weights)
    {
        if (!DecodeCard(card).TryGet(out var parsed, out var bad)) return In(CardFile, bad);
        return DecodeWeights(parsed, weights).MapLeft(e => In(WeightsFile, e));
    }

    /// <summary>The classifier in a directory's bytes; an error when they hold anything else.</summary>
    public static Either<Error, Classifier> DecodeClassifier(ReadOnlySpan<byte> card, ReadOnlySpan<byte> weights) =>
        Decode(card, weights).Bind(m => m.ToClassifier().MapLeft(e => In(CardFile, e)));

    /// <summary>The regressor in a directory's bytes; an error when they hold anything else.</summary>
    public static Either<Error, Regressor> DecodeRegressor(ReadOnlySpan<byte> card, ReadOnlySpan<byte> weights) =>
        Decode(card, weights).Bind(m => m.ToRegressor().MapLeft(e => In(CardFile, e)));

    /// <summary>The multi-label classifier in a directory's bytes; an error when they hold anything else.</summary>
    public static Either<Error, MultiLabelClassifier> DecodeMultiLabel(ReadOnlySpan<byte> card, ReadOnlySpan<byte> weights) =>
        Decode(card, weights).Bind(m => m.ToMultiLabel().MapLeft(e => In(CardFile, e)));

    private static Error In(string file, Error e) => e with { Message = $"{file}: {e.Message}" };

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
