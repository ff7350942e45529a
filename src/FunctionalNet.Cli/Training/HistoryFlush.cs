namespace FunctionalNet.Cli.Training;

/// <summary>
/// When the history's lines reach the disk: a line is flushed at once when the last flush is at least
/// <see cref="Latency"/> old (an epoch that slow gets every line written as it ends), else it waits in the writer's
/// buffer for a timer that flushes within <see cref="Latency"/>, training or not. So <c>tail -f</c> (which polls once a
/// second) sees every epoch's line as before, while a full-batch epoch of a few microseconds no longer pays a
/// <c>write</c> system call each (docs/performance.md, "The user's path, third pass").
/// </summary>
internal sealed class HistoryFlush : IDisposable
{
    /// <summary>The longest a written line waits in the buffer.</summary>
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private readonly TextWriter writer;
    private readonly Timer timer;
    private TimeSpan flushed = -Latency;
    private bool pending;
    private Exception? failure;

    /// <summary>Flushes <paramref name="writer"/>, which this then owns.</summary>
    public HistoryFlush(TextWriter writer)
    {
        this.writer = writer;
        timer = new Timer(_ => Tick(), null, Latency, Latency);
    }

    /// <summary>
    /// Writes <paramref name="line"/> and a line break at <paramref name="now"/> (the run's clock), flushing at once when the
    /// last flush is <see cref="Latency"/> old; rethrows a failure of the timer's flush, so the caller warns once.
    /// </summary>
    public void Write(ReadOnlySpan<char> line, TimeSpan now)
    {
        lock (gate)
        {
            if (failure is { } failed) throw failed;
            writer.Write(line);
            writer.Write('\n');
            pending = true;
            if (now - flushed >= Latency) Flush(now);
        }
    }

    /// <summary>Writes what waits in the buffer now (before a checkpoint, so it never holds an epoch whose line is not on disk).</summary>
    public void Flush()
    {
        lock (gate)
        {
            if (failure is { } failed) throw failed;
            if (pending) writer.Flush();
            pending = false;
        }
    }

    private void Flush(TimeSpan now)
    {
        writer.Flush();
        pending = false;
        flushed = now;
    }

    /// <summary>The timer's side: what is still in the buffer goes to disk; a failure is kept for the next line to report.</summary>
    internal void Tick()
    {
        lock (gate)
        {
            if (!pending || failure is not null) return;
            try
            {
                writer.Flush();
                pending = false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failure = e;
            }
        }
    }

    /// <summary>Stops the timer, then flushes and closes the writer (its failure is the caller's, as any write's).</summary>
    public void Dispose()
    {
        using (var stopped = new ManualResetEvent(false))
            if (timer.Dispose(stopped)) stopped.WaitOne();
        lock (gate) writer.Dispose();
    }
}
