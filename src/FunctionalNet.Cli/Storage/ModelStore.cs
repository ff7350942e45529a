using System.Security.Cryptography;
using System.Text;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Cli.Storage;

/// <summary>
/// Reads and writes a model directory: <c>model.safetensors</c> (weights) and <c>model.json</c> (the card, which
/// carries the weights' SHA-256). Each file is replaced atomically, weights first and card last, so the card is
/// the commit point; the old weights wait aside (<see cref="WeightsJournal"/>) until then, so a save killed at any
/// moment leaves a complete model — the old one before the card's rename, the new one after.
/// </summary>
internal static class ModelStore
{
    public const string CardFile = "model.json";
    public const string WeightsFile = "model.safetensors";

    /// <summary>Saves <paramref name="parameters"/> with <paramref name="card"/> (whose checksum is filled in here).</summary>
    public static Either<CliError, string> Save<T>(string directory, ModelCard card, Parameters<T> parameters)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var weights = Safetensors.Write(ModelWeights.ToSafetensors(parameters,
            [new("format", "pt"), new("producer", $"FunctionalNet {ModelCard.ThisLibrary.Version}")]));
        var complete = card with { Weights = WeightsFile, WeightsSha256 = Convert.ToHexStringLower(SHA256.HashData(weights)) };
        var json = Encoding.UTF8.GetBytes(complete.ToJson());
        if (File.Exists(directory))
            return new CliError(new Error("model.out", $"model directory {directory} is an existing file, expected a directory"));
        return Files.Guard<string>(directory, "model directory", () =>
        {
            Directory.CreateDirectory(directory);
            AtomicWrite.RemoveStale(directory);
            string weightsPath = Path.Combine(directory, WeightsFile);
            WeightsJournal.Recover(Path.Combine(directory, CardFile), weightsPath);
            string weightsTemp = AtomicWrite.Stage(Path.Combine(directory, WeightsFile), weights);
            string cardTemp = "";
            try
            {
                cardTemp = AtomicWrite.Stage(Path.Combine(directory, CardFile), json);
                WeightsJournal.SetAside(weightsPath);
                AtomicWrite.Commit(weightsTemp, weightsPath);
                AtomicWrite.Commit(cardTemp, Path.Combine(directory, CardFile));
                WeightsJournal.Forget(weightsPath);
            }
            finally
            {
                if (File.Exists(weightsTemp)) File.Delete(weightsTemp);
                if (cardTemp.Length > 0 && File.Exists(cardTemp)) File.Delete(cardTemp);
            }
            return directory;
        });
    }

    /// <summary>Loads and checks a model directory; every inconsistency is one error line naming the file.</summary>
    public static Either<CliError, LoadedModel> Load(string directory)
    {
        if (!Directory.Exists(directory))
            return new CliError(new Error("model.missing", $"model directory {directory} does not exist"));
        string cardPath = Path.Combine(directory, CardFile);
        return
            from text in Files.ReadText(cardPath, "model card")
            from card in Located(ModelCard.Parse(text), cardPath)
            from architecture in Located(card.ToArchitecture(), cardPath)
            from model in LoadWeights(directory, card, architecture)
            select model;
    }

    private static Either<CliError, LoadedModel> LoadWeights(string directory, ModelCard card, Architecture architecture)
    {
        string path = WeightsJournal.Resolve(Path.Combine(directory, card.Weights), card.WeightsSha256);
        var dtype = card.Dtype == "float32" ? TensorDtype.F32 : TensorDtype.F64;
        // A file of the right shape is the parameters plus a header; anything much larger is refused unread.
        long limit = 8 + 1_000_000 + (long)architecture.Layout.Count * dtype.Size();
        return
            from bytes in Files.ReadBytes(path, "model weights", limit)
            from _ in Convert.ToHexStringLower(SHA256.HashData(bytes)) == card.WeightsSha256
                ? Prelude.Right<CliError, Unit>(Unit.Default)
                : new CliError(new Error("model.checksum", $"{path} does not match the SHA-256 in {CardFile}: the weights changed since the card was written (another save into this directory may have been under way, or the files come from different saves)"))
            from file in Located(Safetensors.Read(bytes), path)
            from model in dtype == TensorDtype.F32
                ? Located(ModelWeights.ToParameters<float>(architecture, file), path).Map(p => new LoadedModel(card, architecture, null, p))
                : Located(ModelWeights.ToParameters<double>(architecture, file), path).Map(p => new LoadedModel(card, architecture, p, null))
            select model;
    }

    private static Either<CliError, T> Located<T>(Either<Error, T> result, string path) =>
        result.MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }));
}
