using FunctionalNet.Formats;
using LanguageExt;

namespace FunctionalNet.IO;

/// <summary>
/// Reads and writes a model directory: <c>model.safetensors</c> (weights) and <c>model.json</c> (the card, which
/// carries the weights' SHA-256). Each file is replaced atomically, weights first and card last, so the card is
/// the commit point; the old weights wait aside (<see cref="WeightsJournal"/>) until then, so a save killed at any
/// moment leaves a complete model — the old one before the card's rename, the new one after. A read during another
/// process's save reads again until card and weights agree, so it sees one of the two models whole. Reads are
/// bounded by the bytes actually read, and every inconsistency is one <see cref="Error"/> naming the file.
/// </summary>
public static class ModelFiles
{
    /// <summary>Saves <paramref name="classifier"/> in <paramref name="directory"/> (created if needed) and returns the directory.</summary>
    public static Either<Error, string> Save(string directory, Classifier classifier) => Save(directory, ModelDirectory.Encode(classifier));

    /// <summary>Saves <paramref name="regressor"/> in <paramref name="directory"/> (created if needed) and returns the directory.</summary>
    public static Either<Error, string> Save(string directory, Regressor regressor) => Save(directory, ModelDirectory.Encode(regressor));

    /// <summary>Saves <paramref name="model"/> in <paramref name="directory"/> (created if needed) and returns the directory.</summary>
    public static Either<Error, string> Save(string directory, MultiLabelClassifier model) => Save(directory, ModelDirectory.Encode(model));

    /// <summary>
    /// Writes encoded files (see <see cref="ModelDirectory.Encode(ModelCard, NetworkWeights)"/>), holding the
    /// directory's advisory lock meanwhile, so a concurrent save into the same directory is refused, not interleaved.
    /// </summary>
    public static Either<Error, string> Save(string directory, ModelDirectoryBytes files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return
            from held in DirectoryLock.Acquire(directory)
            from saved in Use(held, () => Write(directory, files))
            select saved;
    }

    private static Either<Error, string> Use(DirectoryLock held, Func<Either<Error, string>> action)
    {
        using (held) return action();
    }

    /// <summary>Writes the files without taking the lock, for a caller that already holds it (<c>fnet train</c> holds it for the whole run).</summary>
    internal static Either<Error, string> Write(string directory, ModelDirectoryBytes files)
    {
        if (File.Exists(directory))
            return new Error("model.out", $"model directory {directory} is an existing file, expected a directory");
        return IoErrors.Guard<string>(directory, "model directory", () =>
        {
            Directory.CreateDirectory(directory);
            AtomicWrite.RemoveStale(directory);
            string weightsPath = Path.Combine(directory, ModelDirectory.WeightsFile);
            WeightsJournal.Recover(Path.Combine(directory, ModelDirectory.CardFile), weightsPath);
            string weightsTemp = AtomicWrite.Stage(Path.Combine(directory, ModelDirectory.WeightsFile), files.Weights);
            string cardTemp = "";
            try
            {
                cardTemp = AtomicWrite.Stage(Path.Combine(directory, ModelDirectory.CardFile), files.Card);
                WeightsJournal.SetAside(weightsPath);
                AtomicWrite.Commit(weightsTemp, weightsPath);
                AtomicWrite.Commit(cardTemp, Path.Combine(directory, ModelDirectory.CardFile));
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

    /// <summary>The classifier saved in <paramref name="directory"/>.</summary>
    public static Either<Error, Classifier> LoadClassifier(string directory) =>
        Load(directory).Bind(m => m.ToClassifier().MapLeft(e => Located(e, Path.Combine(directory, ModelDirectory.CardFile))));

    /// <summary>The regressor saved in <paramref name="directory"/>.</summary>
    public static Either<Error, Regressor> LoadRegressor(string directory) =>
        Load(directory).Bind(m => m.ToRegressor().MapLeft(e => Located(e, Path.Combine(directory, ModelDirectory.CardFile))));

    /// <summary>The multi-label classifier saved in <paramref name="directory"/>.</summary>
    public static Either<Error, MultiLabelClassifier> LoadMultiLabel(string directory) =>
        Load(directory).Bind(m => m.ToMultiLabel().MapLeft(e => Located(e, Path.Combine(directory, ModelDirectory.CardFile))));

    /// <summary>The classifier, regressor or multi-label classifier saved in <paramref name="directory"/>, with its card.</summary>
    public static Either<Error, SavedEstimator> LoadEstimator(string directory) =>
        Load(directory).Bind(m => m.ToEstimator().MapLeft(e => Located(e, Path.Combine(directory, ModelDirectory.CardFile))));

    /// <summary>
    /// Loads and checks a model directory of either task; every inconsistency is one error line naming the file.
    /// A save running meanwhile (another process's <c>fnet train</c>) is never seen half-done: the weights are
    /// checked against the card's SHA-256, and a mismatch or a vanished file while a save is under way (the card
    /// changed since it was read, or the old weights are moving aside) is read again, so the result is the old
    /// model or the new one, whole.
    /// </summary>
    public static Either<Error, StoredModel> Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            return new Error("model.missing", $"model directory {directory} does not exist");
        string cardPath = Path.Combine(directory, ModelDirectory.CardFile);
        for (int attempt = 0; ; attempt++)
        {
            var read = BoundedRead.Bytes(cardPath, "model card", ModelDirectory.MaxCardBytes);
            var loaded =
                from cardBytes in read
                from card in ModelDirectory.DecodeCard(cardBytes).MapLeft(e => Located(e, cardPath))
                from architecture in card.ToArchitecture().MapLeft(e => Located(e, cardPath))
                from model in LoadWeights(directory, card, architecture)
                select model;
            if (loaded.IsRight || read.IsLeft || attempt == SaveRetries || !MaySeeASave(loaded, cardPath, read.Match(b => b, _ => []))) return loaded;
            // A save's renames take microseconds; the wait only matters when that save's process is descheduled.
            Thread.Sleep(1 << attempt);
        }
    }

    // Reads while a save is under way, each about twice as far apart as the last (about a quarter second in all).
    private const int SaveRetries = 8;

    private static readonly string[] SaveCodes = ["model.checksum", "file.missing", "file.io"];

    // A failure a concurrent save explains: the card was replaced since we read it (any weights error then), or the
    // weights no longer match an unchanged card, or vanished, while the old ones are moving aside.
    private static bool MaySeeASave(Either<Error, StoredModel> loaded, string cardPath, byte[] cardBytes)
    {
        var error = loaded.Match(_ => null!, e => e);
        bool cardChanged = BoundedRead.Bytes(cardPath, "model card", ModelDirectory.MaxCardBytes).Match(now => !now.AsSpan().SequenceEqual(cardBytes), _ => true);
        return cardChanged || SaveCodes.Contains(error.Code);
    }

    private static Either<Error, StoredModel> LoadWeights(string directory, ModelCard card, FunctionalNet.Model.Architecture architecture) =>
        from path in IoErrors.Guard<string>(directory, "model directory",
            () => WeightsJournal.Resolve(Path.Combine(directory, card.Weights), card.WeightsSha256, ModelDirectory.WeightsLimit(card, architecture)))
        // A file of the right shape is the parameters plus a header; anything much larger is refused unread.
        from bytes in BoundedRead.Bytes(path, "model weights", ModelDirectory.WeightsLimit(card, architecture))
        from model in ModelDirectory.DecodeWeights(card, bytes).MapLeft(e => Located(e, path))
        select model;

    private static Error Located(Error e, string path) => e with { Message = $"{path}: {e.Message}" };
}
