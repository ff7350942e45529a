namespace FunctionalNet.Cli.Tests.Support;

/// <summary>A theory skipped, with a message, where no <c>mpirun</c> is on the PATH (.ci/run installs Open MPI when it can).</summary>
public sealed class MpiTheoryAttribute : TheoryAttribute
{
    /// <summary>The launcher's full path, or null when there is none.</summary>
    public static readonly string? MpiRun = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, "mpirun")).FirstOrDefault(File.Exists);

    public MpiTheoryAttribute()
    {
        if (MpiRun is null) Skip = "mpirun is not on the PATH (install openmpi-bin, as .ci/run does, to run fnet train --distributed)";
    }
}

/// <summary>A fact skipped, with the same message, where no <c>mpirun</c> is on the PATH.</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiTheoryAttribute.MpiRun is null) Skip = new MpiTheoryAttribute().Skip;
    }
}
