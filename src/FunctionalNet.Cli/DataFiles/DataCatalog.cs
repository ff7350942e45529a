using FunctionalNet.Data;
using FunctionalNet.Randomness;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>One built-in data set as <c>fnet datasets</c> lists it.</summary>
/// <param name="Name">Value of <c>--data</c>.</param>
/// <param name="Description">One line.</param>
/// <param name="Generated">True when drawn from a generator (so --samples, --noise and --seed apply).</param>
internal sealed record CatalogEntry(string Name, string Description, bool Generated);

/// <summary>A data set and, when it comes with one, its own test part.</summary>
internal sealed record LoadedData(Dataset Data, Dataset? Test);

/// <summary>The built-in data sets: the generators and the bundled 8×8 digits.</summary>
internal static class DataCatalog
{
    public static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        new("moons", "two interleaving half circles", true),
        new("circles", "a circle inside a ring", true),
        new("xor", "the 4 XOR corners", false),
        new("noisy-xor", "XOR corners plus noise", true),
        new("spirals", "3 spiral arms (CS231n)", true),
        new("blobs", "3 Gaussian blobs", true),
        new("digits", "8×8 digits, train + test", false),
    ];

    public static bool IsBuiltIn(string name) => Entries.Any(e => e.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>A built-in data set, with its own test part for digits (null otherwise).</summary>
    public static Either<CliError, LoadedData> Load(string name, int samples, double noise, Rng rng)
    {
        string key = name.Trim().ToLowerInvariant();
        if (key == "digits")
            return new LoadedData(Dataset.FromLabelled(BundledDigits.Train), Dataset.FromLabelled(BundledDigits.Test));
        return Generators.ByName(key, rng, samples, noise).Match(
            Succ: d => LanguageExt.Prelude.Right<CliError, LoadedData>(new LoadedData(d, null)),
            Fail: errors => new CliError(errors.Head));
    }
}
