using System.Collections.Immutable;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FunctionalNet.Cli.Training;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using LanguageExt;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Storage;

/// <summary>The JSON part of a checkpoint: where the run was, its best epoch, plus checksums of the weight and optimizer-state files.</summary>
internal sealed record CheckpointCard(string Fingerprint, int Epoch, int Step, int BestEpoch, double BestTrainingCost, double? BestValidationCost,
    int StaleEpochs, ImmutableArray<double> TrainingCosts, ImmutableArray<double> ValidationCosts, string CurrentSha256, string BestSha256, string OptimizerSha256);

/// <summary>
/// Saves an engine iterate in <c>DIR/checkpoint/</c> and turns it back into a <see cref="TrainingStart{T}"/>:
/// <c>current-SHA.safetensors</c>, <c>best-SHA.safetensors</c>, <c>optimizer-SHA.safetensors</c> (the rule's state in
/// the run's precision, <see cref="RuleStateFormat"/>, or the minimizer's, <see cref="MinimizerStateFormat"/>), each
/// named by its SHA-256, and <c>checkpoint.json</c> (renamed into place last, with those checksums) as the commit point;
/// files no card names are deleted after it. A save killed at any moment leaves the previous checkpoint or the new one
/// whole. The fingerprint of the run's settings must match on resume, so a checkpoint only continues the run that made it.
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

    public static Either<CliError, Unit> Save<T>(string directory, string fingerprint, TrainingIterate<T> iterate, CostHistory history)
        where T : unmanaged, IFloatingPointIeee754<T> => Save(directory, fingerprint, iterate, history, _ => { });

    /// <summary>Saves, calling <paramref name="beforeStep"/> before each change to the disk (the seam tests kill a save through).</summary>
    internal static Either<CliError, Unit> Save<T>(string directory, string fingerprint, TrainingIterate<T> iterate, CostHistory history,
        Action<string> beforeStep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var best = iterate.Best;
        var currentBytes = Safetensors.Write(ModelWeights.ToSafetensors(iterate.Parameters));
        var bestBytes = Safetensors.Write(ModelWeights.ToSafetensors(best.Parameters));
        string folder = Folder(directory);
        return
            from memory in Encode(iterate)
            let optimizer = Safetensors.Write(memory)
            let card = new CheckpointCard(fingerprint, iterate.Epoch, iterate.Step, best.Epoch, best.TrainingCost, best.ValidationCost, iterate.StaleEpochs,
                [.. history.Training], [.. history.Validation], Hash(currentBytes), Hash(bestBytes), Hash(optimizer))
            from saved in Files.Guard<Unit>(folder, "checkpoint directory", () =>
            {
                Directory.CreateDirectory(folder);
                beforeStep("clean");
                AtomicWrite.RemoveStale(folder);
                // Each file is named by its checksum, so none the previous card names is ever replaced by other bytes.
                string[] named = [Put(folder, "current", card.CurrentSha256, currentBytes, beforeStep), Put(folder, "best", card.BestSha256, bestBytes, beforeStep),
                    Put(folder, "optimizer", card.OptimizerSha256, optimizer, beforeStep)];
                // The card's rename is the commit point: before it a resume sees the previous checkpoint whole, after it the new one.
                WriteFile(folder, "checkpoint.json", JsonSerializer.SerializeToUtf8Bytes(card, Options), beforeStep);
                foreach (var stale in Directory.EnumerateFiles(folder).Where(f => IsCheckpointFile(Path.GetFileName(f)) && !named.Contains(Path.GetFileName(f))))
                {
                    beforeStep("delete " + Path.GetFileName(stale));
                    File.Delete(stale);
                }
                return Unit.Default;
            })
            select saved;
    }

    /// <summary>The name of a checkpoint's <paramref name="kind"/> file whose bytes hash to <paramref name="sha256"/>.</summary>
    public static string FileName(string kind, string sha256) => $"{kind}-{sha256}.safetensors";

    private static string Put(string folder, string kind, string sha256, byte[] bytes, Action<string> beforeStep)
    {
        string name = FileName(kind, sha256);
        WriteFile(folder, name, bytes, beforeStep);
        return name;
    }

    // Stages and renames one file, with a seam step before each (a kill after staging leaves only a temporary file).
    private static void WriteFile(string folder, string name, byte[] bytes, Action<string> beforeStep)
    {
        string path = Path.Combine(folder, name);
        beforeStep("stage " + name);
        string staged = AtomicWrite.Stage(path, bytes);
        try
        {
            beforeStep("commit " + name);
            AtomicWrite.Commit(staged, path);
        }
        finally
        {
            if (File.Exists(staged)) File.Delete(staged);
        }
    }

    // Files a save owns: this format's checksum-named ones and the fixed names earlier versions wrote.
    private static bool IsCheckpointFile(string name) => Kinds.Any(kind => name == kind + ".safetensors"
        || (name.StartsWith(kind + "-", StringComparison.Ordinal) && name.EndsWith(".safetensors", StringComparison.Ordinal)));

    private static readonly string[] Kinds = ["current", "best", "optimizer"];

    // The file the card names; a checkpoint written before files were named by checksum has the kind's fixed name.
    private static string Located(string folder, string kind, string sha256)
    {
        string path = Path.Combine(folder, FileName(kind, sha256));
        string legacy = Path.Combine(folder, kind + ".safetensors");
        return !File.Exists(path) && File.Exists(legacy) ? legacy : path;
    }

    /// <summary>
    /// The start that continues the checkpointed run, after checking that its counts agree (<see cref="CheckpointProgress"/>,
    /// with <paramref name="trainingRows"/> rows to train on) and that its optimizer state fits <paramref name="plan"/>;
    /// and the costs of the epochs it has done (every <paramref name="historyEvery"/>th, as the run recorded them).
    /// </summary>
    public static Either<CliError, (TrainingStart<T> Start, CostHistory History)> Load<T>(string directory, Architecture arch, string fingerprint,
        EnginePlan plan, string optimizer, int trainingRows, int historyEvery = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string folder = Folder(directory);
        return
            from text in Files.ReadText(Path.Combine(folder, "checkpoint.json"), "checkpoint")
            from card in Parse(text, folder)
            from _ in card.Fingerprint == fingerprint
                ? Prelude.Right<CliError, Unit>(Unit.Default)
                : new CliError(new Error("checkpoint.settings", $"the checkpoint in {folder} was made by a run with other settings; resume with the same options (only --epochs, --out and how the run reports may change)"))
            from __ in CheckpointProgress.Problem(card, CheckpointProgress.StepsPerEpoch(plan, trainingRows), historyEvery) is { } problem
                ? new CliError(new Error("checkpoint.json", $"{folder}/checkpoint.json is inconsistent: it says {problem}"))
                : Prelude.Right<CliError, Unit>(Unit.Default)
            from current in Weights<T>(Located(folder, "current", card.CurrentSha256), card.CurrentSha256, arch)
            from best in Weights<T>(Located(folder, "best", card.BestSha256), card.BestSha256, arch)
            from file in OptimizerFile(Located(folder, "optimizer", card.OptimizerSha256), card.OptimizerSha256, arch.Layout.Count)
            from start in Start<T>(file, plan, arch.Layout.Count, current, card)
                .MapLeft(problem => new CliError(new Error("checkpoint.state", $"the checkpoint in {folder} cannot continue {optimizer}: {problem}")))
            let bestIterate = new TrainingIterate<T>(card.BestEpoch, 0, best, card.BestTrainingCost, card.BestValidationCost, double.NaN, 0, null, null)
            select (start with { Best = bestIterate, StaleEpochs = card.StaleEpochs },
                new CostHistory([.. card.TrainingCosts], [.. card.ValidationCosts]) { Every = historyEvery });
    }

    private static Either<CliError, SafetensorsFile> Encode<T>(TrainingIterate<T> iterate) where T : unmanaged, IFloatingPointIeee754<T> =>
        iterate.MinimizerState is { } minimizer ? Prelude.Right<CliError, SafetensorsFile>(MinimizerStateFormat.Write(minimizer))
        : iterate.RuleState is { } rule ? RuleStateFormat.Write(rule).MapLeft(e => new CliError(e))
        : new CliError(new Error("checkpoint.state", "the optimizer recorded no state to checkpoint"));

    // The file's own format tag says whose state it holds; a state of the wrong kind is refused with what it is.
    private static Either<string, TrainingStart<T>> Start<T>(SafetensorsFile file, EnginePlan plan, int parameters, Parameters<T> current, CheckpointCard card)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool minimizerState = file.Metadata.GetValueOrDefault("format") == MinimizerStateFormat.FormatName;
        var start = new TrainingStart<T>(current, null, card.Epoch, card.Step);
        switch (plan)
        {
            case { Rule: not null } when minimizerState:
                return "it holds a line-search minimizer's state, not an update rule's";
            case { Rule: { } rule }:
                return RuleStateFormat.Read<T>(file, parameters).MapLeft(e => e.Message)
                    .Bind(state => rule.StateProblem<T>(state, parameters) is { } problem
                        ? Prelude.Left<string, TrainingStart<T>>(problem)
                        : Prelude.Right<string, TrainingStart<T>>(start with { RuleState = state }));
            case { Minimizer: { } m } when minimizerState:
                return MinimizerStateFormat.Read(file, parameters).MapLeft(e => e.Message)
                    .Bind(state => m.StateProblem(state, parameters) is { } problem
                        ? Prelude.Left<string, TrainingStart<T>>(problem)
                        : Prelude.Right<string, TrainingStart<T>>(start with { MinimizerState = state }));
            default:
                return $"it holds no {plan.Minimizer?.Name} state";
        }
    }

    private static Either<CliError, SafetensorsFile> OptimizerFile(string path, string sha256, int parameters) =>
        from bytes in Verified(path, "checkpoint optimizer state", sha256, 8 + 1_000_000 + 8L * parameters * 24)
        from file in Safetensors.Read(bytes).MapLeft(e => new CliError(e with { Message = $"{path}: {e.Message}" }))
        select file;

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
