using FunctionalNet.Formats;
using FunctionalNet.IO;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Cli.Storage;

/// <summary>
/// The CLI's side of <see cref="ModelFiles"/>: saves and loads model directories with the library's atomic writes,
/// bounded reads and checks, reporting failures as <see cref="CliError"/>s (exit 2).
/// </summary>
internal static class ModelStore
{
    public const string CardFile = ModelDirectory.CardFile;
    public const string WeightsFile = ModelDirectory.WeightsFile;

    /// <summary>
    /// Saves <paramref name="weights"/> with <paramref name="card"/> (whose dtype and checksum are filled in here),
    /// without taking the directory's lock: <c>fnet train</c> holds it for the whole run (see <see cref="Locked"/>).
    /// </summary>
    public static Either<CliError, string> Save(string directory, ModelCard card, NetworkWeights weights) =>
        ModelFiles.Write(directory, ModelDirectory.Encode(card, weights)).MapLeft(e => new CliError(e));

    /// <summary>Saves <paramref name="parameters"/> with <paramref name="card"/>, as <see cref="Save(string, ModelCard, NetworkWeights)"/>.</summary>
    public static Either<CliError, string> Save<T>(string directory, ModelCard card, Parameters<T> parameters)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        NetworkWeights.Of(parameters).MapLeft(e => new CliError(e)).Bind(weights => Save(directory, card, weights));

    /// <summary>Loads and checks a model directory's classifier or regressor; every inconsistency is one error line naming the file.</summary>
    public static Either<CliError, SavedEstimator> Load(string directory) =>
        ModelFiles.LoadEstimator(directory).MapLeft(e => new CliError(e));

    /// <summary>
    /// Runs <paramref name="run"/> holding the advisory lock on <paramref name="directory"/>, so a second run into
    /// the same directory is refused with one line naming the holder instead of interleaving its saves with ours.
    /// </summary>
    public static Either<CliError, T> Locked<T>(string directory, Func<Either<CliError, T>> run) =>
        DirectoryLock.Acquire(directory).MapLeft(e => new CliError(e)).Bind(held =>
        {
            using (held) return run();
        });
}
