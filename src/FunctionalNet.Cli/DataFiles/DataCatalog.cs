using FunctionalNet.Cli.Limits;
using FunctionalNet.Data;
using LanguageExt;

namespace FunctionalNet.Cli.DataFiles;

/// <summary>One built-in data set as <c>fnet datasets</c> lists it.</summary>
/// <param name="Name">Value of <c>--data</c>.</param>
/// <param name="Description">One line.</param>
/// <param name="Generated">True when drawn from a generator (so --samples, --noise and --seed apply).</param>
/// <param name="Defaults">The <c>fnet train</c> defaults this data set chooses for itself, or null for the general ones.</param>
internal sealed record CatalogEntry(string Name, string Description, bool Generated, DataSetDefaults? Defaults = null);

/// <summary>A data set and, when it comes with one, its own test part.</summary>
internal sealed record LoadedData(Dataset Data, Dataset? Test)
{
    /// <summary>The preprocessing fitted on a raw table's training rows (which made <see cref="Data"/>), or null for numeric data.</summary>
    public FunctionalNet.Data.Preprocessing.TablePreprocessing? Table { get; init; }

    /// <summary>One line saying what the table's preprocessing inferred, or null.</summary>
    public string? TableNote { get; init; }

    /// <summary>The raw training rows of a table (row i made <see cref="Data"/>'s row i), for a sweep to refit its preprocessing per fold; else null.</summary>
    public TableRows? Rows { get; init; }
}

/// <summary>The built-in data sets: the generators, the bundled 8×8 digits and the Friedman #1 regression.</summary>
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
        // The general defaults (2-5-5-2 tanh, gd at 0.5, 2000 full-batch epochs) are the moons tutorial's and reach
        // 0.889 on the 64-feature digits; scikit-learn's MLPClassifier defaults reach 0.98 there in about a second.
        new("digits", "8×8 digits, train + test", false,
            DataSetDefaults.Classification),
        new("friedman", "Friedman #1 regression: 10 features, 5 of them used", true, RegressionDefaults),
    ];

    /// <summary>What a regression trains with when its options are not given (identity output and mse loss always): the library's.</summary>
    public static DataSetDefaults RegressionDefaults => DataSetDefaults.Regression;

    /// <summary>The train defaults for <paramref name="name"/>: the built-in data set's own, else the regression defaults
    /// when <paramref name="task"/> is a regression, else null (the general ones).</summary>
    public static DataSetDefaults? DefaultsFor(string name, string? task) =>
        DefaultsFor(name) ?? (task == FunctionalNet.Formats.ModelCard.Regression ? RegressionDefaults : null);


    public static bool IsBuiltIn(string name) => Entries.Any(e => e.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The train defaults of built-in data set <paramref name="name"/>, or null (a file, or a set without its own).</summary>
    public static DataSetDefaults? DefaultsFor(string name) =>
        Entries.FirstOrDefault(e => e.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))?.Defaults;

    /// <summary>A built-in data set, with its own test part for digits (null otherwise).</summary>
    public static Either<CliError, LoadedData> Load(string name, int samples, double noise, Rng rng)
    {
        string key = name.Trim().ToLowerInvariant();
        if (key == "digits")
            return new LoadedData(Dataset.FromLabelled(BundledDigits.Train), Dataset.FromLabelled(BundledDigits.Test));
        if (key != "xor" && !MemoryEstimate.Generated(key, samples, 2).Fits().TryRight(out _, out var tooBig)) return tooBig;
        if (key == "friedman")
            return samples >= 2 && noise >= 0 && double.IsFinite(noise)
                ? new LoadedData(RegressionGenerators.Friedman1(rng, samples, noise: noise), null)
                : new CliError(new Error("generator.samples", FormattableString.Invariant($"generator friedman needs at least 2 samples and a finite noise ≥ 0, found {samples} and {noise}")));
        return Generators.ByName(key, rng, samples, noise).Match(
            Succ: d => LanguageExt.Prelude.Right<CliError, LoadedData>(new LoadedData(d, null)),
            Fail: errors => new CliError(errors.Head));
    }
}
