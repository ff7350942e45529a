namespace FunctionalNet.Cli.Limits;

/// <summary>
/// The line for a run that ran out of memory anyway (an <see cref="OutOfMemoryException"/>: a managed allocation the
/// heap could not give under its limit — <c>DOTNET_GCHeapHardLimit</c>, a container's, or the machine's — which
/// <see cref="MemoryEstimate"/> did not foresee, such as the end of a long run's per-row results).
/// </summary>
internal static class OutOfMemory
{
    /// <summary>The error: what the process may use, and what to change.</summary>
    public static CliError Error() => new(new Error("memory.exhausted",
        $"out of memory: the run needed more than the {MemoryEstimate.Show(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)} this process may use "
        + "(its GC heap limit: DOTNET_GCHeapHardLimit, a container's, or the machine's); give it more memory, or less data "
        + "(fewer rows, a smaller --test-split, --dtype float32); nothing is left half-saved (a model is written whole or not at all)"), ExitCode.Failed);
}
