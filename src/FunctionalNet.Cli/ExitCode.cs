namespace FunctionalNet.Cli;

/// <summary>Process exit codes.</summary>
internal static class ExitCode
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The run failed (diverged, gradient check above tolerance).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: arguments, files, data, model.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted by Ctrl+C (after saving what there was to save).</summary>
    public const int Interrupted = 130;
}
