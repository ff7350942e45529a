namespace FunctionalNet.Cli;

/// <summary>A failure to report: one line for stderr and the exit code that goes with it.</summary>
/// <param name="Error">The problem.</param>
/// <param name="Code">Exit code; <see cref="ExitCode.BadInput"/> unless the run itself failed.</param>
internal sealed record CliError(Error Error, int Code = ExitCode.BadInput)
{
    public static implicit operator CliError(Error error) => new(error);

    public static CliError Failed(string code, string message) => new(new Error(code, message), ExitCode.Failed);
}
