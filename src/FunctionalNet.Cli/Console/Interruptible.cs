using LanguageExt;

namespace FunctionalNet.Cli;

/// <summary>
/// Reading that Ctrl+C and SIGTERM can end: a FIFO with no writer blocks in open(2), and stdin or a slow pipe in
/// read(2), where no cancellation token is ever looked at. The reading runs on a background thread; if the signal
/// comes first the command ends with <paramref name="message"/> and exit 130, and the blocked thread ends with the process.
/// </summary>
internal static class Interruptible
{
    public static Either<CliError, T> Run<T>(string message, Func<Either<CliError, T>> read, CancellationToken cancel)
    {
        var outcome = new TaskCompletionSource<Either<CliError, T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                outcome.SetResult(read());
            }
#pragma warning disable CA1031 // carried to the caller's thread and rethrown there unchanged
            catch (Exception e)
#pragma warning restore CA1031
            {
                outcome.SetException(e);
            }
        })
        { IsBackground = true, Name = "fnet reading" };
        thread.Start();
        var finished = ((IAsyncResult)outcome.Task).AsyncWaitHandle;
        if (WaitHandle.WaitAny([finished, cancel.WaitHandle]) == 1 && !outcome.Task.IsCompleted)
            return new CliError(new Error("interrupted", message), ExitCode.Interrupted);
        return outcome.Task.GetAwaiter().GetResult();
    }
}
