namespace FunctionalNet.Bench;

/// <summary>What <see cref="WorkloadRunner.Run"/> runs and how.</summary>
/// <param name="Workloads">Workload ids from WORKLOADS.md, in order (see <see cref="WorkloadRunner.Ids"/>).</param>
/// <param name="Threads">Threads the matrix products may use.</param>
/// <param name="Quick">Budgets about 10× smaller, as the peers' --quick; records are marked <c>"quick": true</c>.</param>
/// <param name="DataDirectory">Folder holding moons_1000.csv, digits_train.csv and digits_test.csv.</param>
public sealed record BenchOptions(IReadOnlyList<string> Workloads, int Threads, bool Quick, string DataDirectory)
{
    /// <summary>
    /// The first of ./data, ../data, ./shared/data and ../shared/data that holds moons_1000.csv, relative to
    /// <paramref name="workingDirectory"/> (compare.py runs commands from shared/peers, whose data is ../data).
    /// </summary>
    public static string? FindDataDirectory(string workingDirectory)
    {
        string[] candidates = ["data", Path.Combine("..", "data"), Path.Combine("shared", "data"), Path.Combine("..", "shared", "data")];
        return candidates.Select(c => Path.GetFullPath(Path.Combine(workingDirectory, c)))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "moons_1000.csv")));
    }
}
