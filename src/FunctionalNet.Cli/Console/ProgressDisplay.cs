using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Cli.Training;
using Spectre.Console;

namespace FunctionalNet.Cli;

/// <summary>
/// Shows training progress: a live Spectre bar (epoch, cost, rate, ETA) on a terminal, a plain line every tenth
/// of the run when output is redirected, nothing with --quiet.
/// </summary>
internal static class ProgressDisplay
{
    public static TResult Run<TResult>(Terminal terminal, bool quiet, int epochs, Func<Action<EpochRecord>, TResult> body)
    {
        if (quiet) return body(_ => { });
        return terminal.Interactive ? Live(terminal, epochs, body) : Plain(terminal, epochs, body);
    }

    private static TResult Plain<TResult>(Terminal terminal, int epochs, Func<Action<EpochRecord>, TResult> body)
    {
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        int every = Math.Max(1, epochs / 10);
        return body(r =>
        {
            // Every tenth of the run, and at least every 10 s so a long run in a log still shows it is alive.
            if (r.Epoch % every == 0 || r.Epoch == 1 || r.Epoch == r.Epochs || clock.Elapsed - last > TimeSpan.FromSeconds(10))
            {
                last = clock.Elapsed;
                terminal.Out.WriteLine(Describe(r, clock.Elapsed));
            }
        });
    }

    private static TResult Live<TResult>(Terminal terminal, int epochs, Func<Action<EpochRecord>, TResult> body)
    {
        // The caller decided this is a terminal; tell Spectre so, or it silently drops the live display.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal.Out),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        var clock = Stopwatch.StartNew();
        var shown = TimeSpan.FromSeconds(-1); // the first epoch is shown at once
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: epochs);
                var result = body(r =>
                {
                    // Ten updates a second are all the bar can show; a full-batch epoch is one step, so formatting each cost time.
                    if (r.Epoch != r.Epochs && clock.Elapsed - shown < TimeSpan.FromSeconds(0.1)) return;
                    shown = clock.Elapsed;
                    task.Value = r.Epoch;
                    task.Description = Markup.Escape(Describe(r, clock.Elapsed));
                });
                task.StopTask();
                return result;
            });
    }

    private static string Describe(EpochRecord r, TimeSpan elapsed)
    {
        string validation = r.ValidationCost is { } v ? string.Create(CultureInfo.InvariantCulture, $"  validation {v:F4}") : "";
        return string.Create(CultureInfo.InvariantCulture, $"epoch {r.Epoch}/{r.Epochs}  cost {r.TrainingCost:F4}{validation}  {Speed(r.Epoch, elapsed)}");
    }

    /// <summary>
    /// How fast epochs go, readable at every speed: whole epochs per second when fast, one decimal below 10, and
    /// seconds per epoch below one (a slow run showed "0 epochs/s").
    /// </summary>
    internal static string Speed(int epochs, TimeSpan elapsed)
    {
        double seconds = Math.Max(elapsed.TotalSeconds, 1e-9), rate = epochs / seconds;
        return rate >= 9.95 ? string.Create(CultureInfo.InvariantCulture, $"{rate:F0} epochs/s")
            : rate >= 0.995 ? string.Create(CultureInfo.InvariantCulture, $"{rate:F1} epochs/s")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / epochs:G3} s/epoch");
    }
}
