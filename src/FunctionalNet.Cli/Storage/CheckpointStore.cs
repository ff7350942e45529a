using System.Collections.Immutable;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunctionalNet.Cli.Training;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Cli.Storage;

/// <summary>The JSON part of a checkpoint: where the loop was, plus checksums of the two weight files.</summary>
internal sealed record CheckpointCard(string Fingerprint, int Epoch, int BestEpoch, double BestCost,
    ImmutableArray<double> TrainingCosts, ImmutableArray<double> ValidationCosts, string CurrentSha256, string BestSha256);

/// <summary>
/// Saves and restores a <see cref="TrainState{T}"/> in <c>DIR/checkpoint/</c>: <c>current.safetensors</c>,
/// <c>best.safetensors</c> and <c>checkpoint.json</c> (written last, atomically, with the weights' checksums).
/// The fingerprint of the run's settings must match on resume, so a checkpoint only continues the run that made it.
/// </summary>
internal static class CheckpointStore
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static string Folder(string directory) => Path.Combine(directory, "checkpoint");

    public static Either<CliError, Unit> Save<T>(string directory, string fingerprint, TrainState<T> state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var current = Safetensors.Write(ModelWeights.ToSafetensors(state.Current));
        var best = Safetensors.Write(ModelWeights.ToSafetensors(state.Best));
        var card = new CheckpointCard(fingerprint, state.Epoch, state.BestEpoch, state.BestCost, state.TrainingCosts, state.ValidationCosts,
            Hash(current), Hash(best));
        string folder = Folder(directory);
        return Files.Guard<Unit>(folder, "checkpoint directory", () =>
        {
            Directory.CreateDirectory(folder);
            AtomicWrite.RemoveStale(folder);
            AtomicWrite.Write(Path.Combine(folder, "current.safetensors"), current);
            AtomicWrite.Write(Path.Combine(folder, "best.safetensors"), best);
            AtomicWrite.Write(Path.Combine(folder, "checkpoint.json"), JsonSerializer.SerializeToUtf8Bytes(card, Options));
            return Unit.Default;
        });
    }

    public static Either<CliError, TrainState<T>> Load<T>(string directory, Architecture arch, string fingerprint)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string folder = Folder(directory);
        return
            from text in Files.ReadText(Path.Combine(folder, "checkpoint.json"), "checkpoint")
            from card in Parse(text, folder)
            from _ in card.Fingerprint == fingerprint
                ? Prelude.Right<CliError, Unit>(Unit.Default)
                : new CliError(new Error("checkpoint.settings", $"the checkpoint in {folder} was made by a run with other settings; resume with the same options (only --epochs and --out may change)"))
            from current in Weights<T>(Path.Combine(folder, "current.safetensors"), card.CurrentSha256, arch)
            from best in Weights<T>(Path.Combine(folder, "best.safetensors"), card.BestSha256, arch)
            select new TrainState<T>(card.Epoch, current, best, card.BestEpoch, card.BestCost, card.TrainingCosts, card.ValidationCosts);
    }

    private static Either<CliError, CheckpointCard> Parse(string text, string folder)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointCard>(text, Options) is { } card
                ? card
                : new CliError(new Error("checkpoint.json", $"{folder}/checkpoint.json is null"));
        }
        catch (JsonException e)
        {
            return new CliError(new Error("checkpoint.json", $"{folder}/checkpoint.json: {e.Message}"));
        }
    }

    private static Either<CliError, Parameters<T>> Weights<T>(string path, string sha256, Architecture arch)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        from bytes in Files.ReadBytes(path, "checkpoint weights", 8 + 1_000_000 + 8L * arch.Layout.Count)
        from _ in Hash(bytes) == sha256
            ? Prelude.Right<CliError, Unit>(Unit.Default)
            : new CliError(new Error("checkpoint.checksum", $"{path} does not match the SHA-256 in checkpoint.json"))
        from file in Safetensors.Read(bytes).MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        from parameters in ModelWeights.ToParameters<T>(arch, file).MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        select parameters;

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
