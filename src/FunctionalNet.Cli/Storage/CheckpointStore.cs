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

/// <summary>The JSON part of a checkpoint: where the loop was, plus checksums of the weight and optimizer-state files.</summary>
internal sealed record CheckpointCard(string Fingerprint, int Epoch, int BestEpoch, double BestCost,
    ImmutableArray<double> TrainingCosts, ImmutableArray<double> ValidationCosts, string CurrentSha256, string BestSha256, string OptimizerSha256);

/// <summary>
/// Saves and restores a <see cref="TrainState{T}"/> in <c>DIR/checkpoint/</c>: <c>current.safetensors</c>,
/// <c>best.safetensors</c>, <c>optimizer.safetensors</c> (the rule's or minimizer's state, <see cref="RuleStateFormat"/>,
/// <see cref="MinimizerStateFormat"/>) and <c>checkpoint.json</c> (written last, atomically, with the files' checksums).
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
        string folder = Folder(directory);
        return
            from memory in Encode(state.Memory)
            let optimizer = Safetensors.Write(memory)
            let card = new CheckpointCard(fingerprint, state.Epoch, state.BestEpoch, state.BestCost, [.. state.TrainingCosts], [.. state.ValidationCosts],
                Hash(current), Hash(best), Hash(optimizer))
            from saved in Files.Guard<Unit>(folder, "checkpoint directory", () =>
            {
                Directory.CreateDirectory(folder);
                AtomicWrite.RemoveStale(folder);
                AtomicWrite.Write(Path.Combine(folder, "current.safetensors"), current);
                AtomicWrite.Write(Path.Combine(folder, "best.safetensors"), best);
                AtomicWrite.Write(Path.Combine(folder, "optimizer.safetensors"), optimizer);
                // The card goes last: until it is renamed into place, a resume sees the previous checkpoint whole.
                AtomicWrite.Write(Path.Combine(folder, "checkpoint.json"), JsonSerializer.SerializeToUtf8Bytes(card, Options));
                return Unit.Default;
            })
            select saved;
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
            from memory in Memory(Path.Combine(folder, "optimizer.safetensors"), card.OptimizerSha256, arch.Layout.Count)
            select new TrainState<T>(card.Epoch, current, best, card.BestEpoch, card.BestCost, [.. card.TrainingCosts], [.. card.ValidationCosts], memory);
    }

    private static Either<CliError, SafetensorsFile> Encode(OptimizerMemory? memory) => memory switch
    {
        RuleMemory rule => RuleStateFormat.Write(rule.State).MapLeft(e => new CliError(e)),
        MinimizerMemory minimizer => MinimizerStateFormat.Write(minimizer.State),
        _ => new CliError(new Error("checkpoint.state", "the optimizer recorded no state to checkpoint")),
    };

    private static Either<CliError, OptimizerMemory> Memory(string path, string sha256, int parameters) =>
        from bytes in Verified(path, "checkpoint optimizer state", sha256, 8 + 1_000_000 + 8L * parameters * 24)
        from file in Safetensors.Read(bytes).MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        from memory in (file.Metadata.GetValueOrDefault("format") == MinimizerStateFormat.FormatName
                ? MinimizerStateFormat.Read(file, parameters).Map(s => (OptimizerMemory)new MinimizerMemory(s))
                : RuleStateFormat.Read(file, parameters).Map(s => (OptimizerMemory)new RuleMemory(s)))
            .MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        select memory;

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
        from bytes in Verified(path, "checkpoint weights", sha256, 8 + 1_000_000 + 8L * arch.Layout.Count)
        from file in Safetensors.Read(bytes).MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        from parameters in ModelWeights.ToParameters<T>(arch, file).MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        select parameters;

    private static Either<CliError, byte[]> Verified(string path, string what, string sha256, long maxBytes) =>
        from bytes in Files.ReadBytes(path, what, maxBytes)
        from _ in Hash(bytes) == sha256
            ? Prelude.Right<CliError, Unit>(Unit.Default)
            : new CliError(new Error("checkpoint.checksum", $"{path} does not match the SHA-256 in checkpoint.json"))
        select bytes;

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
