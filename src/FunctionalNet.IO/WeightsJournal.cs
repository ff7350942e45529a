using System.Security.Cryptography;
using FunctionalNet.Formats;

namespace FunctionalNet.IO;

/// <summary>
/// Keeps a model directory loadable across a save killed at any moment. Two files cannot be renamed at once, so
/// the old weights are first moved aside to <c>model.safetensors.previous</c>; the card's rename is the commit
/// point, after which the aside copy is deleted. Until then the old card still names old weights by checksum, and
/// <see cref="Resolve"/> finds them in the aside copy.
/// </summary>
internal static class WeightsJournal
{
    public const string PreviousSuffix = ".previous";

    /// <summary>Moves the current weights aside before new ones are renamed into place.</summary>
    public static void SetAside(string weightsPath)
    {
        if (File.Exists(weightsPath)) File.Move(weightsPath, weightsPath + PreviousSuffix, overwrite: true);
    }

    /// <summary>After the card is committed, the aside copy belongs to no card: delete it.</summary>
    public static void Forget(string weightsPath)
    {
        if (File.Exists(weightsPath + PreviousSuffix)) File.Delete(weightsPath + PreviousSuffix);
    }

    /// <summary>
    /// Finishes what a killed save left: if the card on disk still names the aside weights, they go back into
    /// place (the save never committed); otherwise the aside copy is stale and is deleted.
    /// </summary>
    public static void Recover(string cardPath, string weightsPath)
    {
        string previous = weightsPath + PreviousSuffix;
        if (!File.Exists(previous)) return;
        // A card that is missing, unreadable or will not parse names no weights: the aside copy then belongs to nothing.
        string sha = BoundedRead.Bytes(cardPath, "model card", ModelDirectory.MaxCardBytes)
            .Bind(bytes => ModelDirectory.DecodeCard(bytes))
            .Match(c => c.WeightsSha256, _ => "");
        if (sha.Length > 0 && Sha256(previous) == sha) File.Move(previous, weightsPath, overwrite: true);
        else File.Delete(previous);
    }

    /// <summary>The weights file whose checksum is <paramref name="sha256"/>: the named one, or its aside copy after a killed save.</summary>
    public static string Resolve(string weightsPath, string sha256)
    {
        string previous = weightsPath + PreviousSuffix;
        if (!File.Exists(previous)) return weightsPath; // no save was interrupted: errors name the file the card names
        return !File.Exists(weightsPath) || Sha256(weightsPath) != sha256 ? previous : weightsPath;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
