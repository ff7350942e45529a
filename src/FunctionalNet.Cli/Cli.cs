using System.CommandLine;
using FunctionalNet.Cli.Commands;
using LanguageExt;

namespace FunctionalNet.Cli;

/// <summary>The <c>fnet</c> command tree and the one place errors become a stderr line and an exit code.</summary>
internal static class Cli
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; never throws for bad input.</summary>
    public static int Run(string[] args, Terminal terminal)
    {
        var root = Build(terminal);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            string command = string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? ["fnet"] : new[] { "fnet", parsed.CommandResult.Command.Name });
            // An unrecognised word explains more than the "required command was not provided" it causes.
            var first = parsed.Errors.OrderBy(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).First();
            terminal.Error.WriteLine($"fnet: {first.Message} (see '{command} --help')");
            return ExitCode.BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error, EnableDefaultExceptionHandler = false });
        }
        catch (OutOfMemoryException)
        {
            // A managed allocation the heap refused: it was never held, and the run's own arrays went with the unwinding
            // stack, so there is room for one line (a failfast inside the runtime, or on a worker thread, cannot be caught).
            return Finish(Limits.OutOfMemory.Error(), terminal);
        }
    }

    /// <summary>Writes an error line (or nothing) and gives the exit code of a command's outcome.</summary>
    public static int Finish(Either<CliError, int> outcome, Terminal terminal) =>
        outcome.Match(
            code => code,
            failure =>
            {
                terminal.Error.WriteLine($"fnet: {failure.Error.Message}");
                return failure.Code;
            });

    internal static RootCommand Build(Terminal terminal)
    {
        var root = new RootCommand("""
            fnet — train, evaluate and inspect multi-layer perceptrons (FunctionalNet).

            First run:
              fnet train --data moons          trains a 2-5-5-2 network, writes model/, loss.svg and boundary.svg
              fnet evaluate --model model --data test.csv
            """);
        root.Add(TrainCommand.Create(terminal));
        root.Add(PredictCommand.Create(terminal));
        root.Add(EvaluateCommand.Create(terminal));
        root.Add(ImportanceCommand.Create(terminal));
        root.Add(InspectCommand.Create(terminal));
        root.Add(ExportCommand.Create(terminal));
        root.Add(GradcheckCommand.Create(terminal));
        root.Add(DatasetsCommand.Create(terminal));
        root.Add(CacheCommand.Create(terminal));
        root.Add(BenchCommand.Create(terminal));
        root.Add(SweepCommand.Create(terminal));
        return root;
    }
}
