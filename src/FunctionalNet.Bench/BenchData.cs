using FunctionalNet.Data;

namespace FunctionalNet.Bench;

/// <summary>
/// The data the workloads use when no folder holds the peers' files, so <c>fnet bench</c> runs from a fresh clone: the
/// digits are bundled in the library (byte for byte shared/data's split) and the moons are generated.
/// </summary>
public static class BenchData
{
    /// <summary>
    /// The library's <see cref="Generators.Moons"/> with WORKLOADS.md's size and noise (1000 points, noise 0.1) and a
    /// fixed key (0): the shape and class sizes of shared/data/moons_1000.csv, other random numbers (that file is
    /// numpy's), so a loss differs slightly from a run on the file.
    /// </summary>
    public static Dataset BuiltInMoons() => Generators.Moons(Rng.Create(0), 1000, 0.1);

    /// <summary>What <paramref name="workload"/> trains on, as its record's <c>data</c> field says.</summary>
    /// <param name="workload">A workload id.</param>
    /// <param name="dataDirectory">The folder moons_1000.csv is read from, or null for the built-in moons.</param>
    public static string Describe(string workload, string? dataDirectory) => workload switch
    {
        "moons-gd" when dataDirectory is null => "built-in: generated moons (1000 points, noise 0.1, key 0)",
        "moons-gd" => "file: " + Path.Combine(dataDirectory, "moons_1000.csv"),
        _ when workload.StartsWith("digits-", StringComparison.Ordinal) => "built-in: bundled digits (the split of shared/data)",
        _ => "synthetic",
    };
}
