using System.Runtime.InteropServices;
using FunctionalNet.Cli;

// The process edge: real console streams, Ctrl+C / SIGTERM turned into a cancellation the commands poll.
// Neither the source nor the registration is disposed: a signal during the runtime's shutdown, after the command has
// finished and reported, must still be absorbed (not exit 143, nor cancel a disposed source).
var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let training stop before its next step and save the model kept so far
    cancel.Cancel();
};
termination = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});
var terminal = new Terminal(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected, cancel.Token);
try
{
    return Cli.Run(args, terminal);
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    // Every expected failure is an error value; this only keeps a bug from printing a stack trace at the user.
    Console.Error.WriteLine($"fnet: internal error ({e.GetType().Name}): {e.Message}");
    return 70;
}

/// <summary>The entry point (top-level statements above).</summary>
internal static partial class Program
{
    // Held for the process's lifetime, so no collection unregisters SIGTERM's handler before exit.
    private static PosixSignalRegistration? termination;
}
