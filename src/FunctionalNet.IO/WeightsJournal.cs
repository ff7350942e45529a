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
    /// place (the save never committed); otherwise the aside copy is stale and is deleted. The aside copy is hashed
    /// only up to the size the card's network allows (it could be anything, even a link to a device that never ends).
    /// </summary>
    public static void Recover(string cardPath, string weightsPath)
    {
        string previous = weightsPath + PreviousSuffix;
        if (!File.Exists(previous)) return;
        // A card that is missing, unreadable or will not parse names no weights: the aside copy then belongs to nothing.
        var (sha, limit) = BoundedRead.Bytes(cardPath, "model card", ModelDirectory.MaxCardBytes)
            .Bind(bytes => ModelDirectory.DecodeCard(bytes))
            .Bind(card => card.ToArchitecture().Map(architecture => (card.WeightsSha256, ModelDirectory.WeightsLimit(card, architecture))))
            .Match(named => named, _ => ("", 0L));
        if (sha.Length > 0 && Sha256(previous, limit) == sha) File.Move(previous, weightsPath, overwrite: true);
        else File.Delete(previous);
    }

    /// <summary>
    /// The weights file whose checksum is <paramref name="sha256"/>: the named one, or its aside copy after a killed save.
    /// At most <paramref name="maxBytes"/> are hashed (a larger file is not the one named), as the weights are read.
    /// </summary>
    public static string Resolve(string weightsPath, string sha256, long maxBytes)
    {
        string previous = weightsPath + PreviousSuffix;
        if (!File.Exists(previous)) return weightsPath; // no save was interrupted: errors name the file the card names
        return !File.Exists(weightsPath) || Sha256(weightsPath, maxBytes) != sha256 ? previous : weightsPath;
    }

    // The file's SHA-256, or null once more than maxBytes have been read: counted as read, since a device reports no length.
    private static string? Sha256(string path, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[1 << 16];
        long read = 0;
        for (int n; (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1 - read))) > 0;)
        {
            read += n;
            if (read > maxBytes) return null;
            hash.AppendData(chunk, 0, n);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
