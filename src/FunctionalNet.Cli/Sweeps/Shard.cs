using System.Globalization;

namespace FunctionalNet.Cli.Sweeps;

/// <summary>
/// Which trials one machine runs: those whose canonical index is ≡ <see cref="Index"/> (mod <see cref="Count"/>).
/// Zero-based, as Slurm's SLURM_ARRAY_TASK_ID (with --array=0-N) and Kubernetes' JOB_COMPLETION_INDEX are.
/// </summary>
internal sealed record Shard(int Index, int Count)
{
    public static readonly Shard All = new(0, 1);

    public bool Includes(int trial) => trial % Count == Index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    public static LanguageExt.Either<CliError, Shard> Parse(string? text)
    {
        if (text is null) return All;
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
            return new Shard(i, n);
        return new CliError(new Error("options.shard", $"--shard '{text}' is not i/n with 0 ≤ i < n (e.g. 0/4 … 3/4)"));
    }
}
