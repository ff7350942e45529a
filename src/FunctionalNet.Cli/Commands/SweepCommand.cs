using System.Collections.Concurrent;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Cli.Scores;
using FunctionalNet.Cli.Sweeps;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet sweep</c>: cross-validate every configuration of a grid, in parallel, resumable and shardable; or collect shards' results.</summary>
internal static class SweepCommand
{
    public static Command Create(Terminal terminal)
    {
        var command = new Command("sweep", """
            Cross-validates every configuration of --grid: each configuration × fold is a trial, trained as 'fnet train'
            trains (same options, same defaults) on the fold's other rows and scored on the fold's rows. Trials run in
            parallel, each a pure function of its settings and seed, and each appends one JSON line to --out as it
            finishes; the table ranks configurations by mean held-out score (± standard deviation over folds): --scoring
            accuracy (the default), balanced_accuracy, f1_macro or log_loss for classes, r2 (the default), neg_mse or
            neg_mae for a regression (friedman, or a CSV with --task regression and one or more --label targets).
            Folds are stratified by class for a classification and plain k-fold for a regression.
            Running the same command again skips the trials already in --out. A data set's own test part (digits) is
            never used: keep it for the model you train with the winning configuration.

            --grid "key=v1|v2,key=v1|v2": keys are train options without their dashes (layers, activation, lr,
            optimizer, epochs, batch-size, lambda, seed, …); a piece without '=' continues the previous value, so
            layers=50,50|100 tries two networks. Options not in the grid are fixed for every trial.

            --shard i/n runs only the trials whose index is i modulo n (0 ≤ i < n), so a scheduler (a Slurm job array,
            Kubernetes indexed Jobs, GNU parallel over ssh) spreads one sweep over machines, each writing its own --out;
            'fnet sweep --collect a.jsonl b.jsonl …' merges them into the same table.

            --search random --trials N draws N configurations from distributions written in the grid's syntax:
            lr=loguniform(1e-4,1e-1),layers=choice(32|64,32),dropout=uniform(0,0.5),epochs=int(50,300) (a plain a|b is a
            choice). Configuration i is a pure function of --search-seed and i, so shards and reruns draw the same ones.

            --search halving --min-epochs R --factor F: successive halving. Rung r cross-validates its configurations at
            R × F^r epochs into OUT.rungR.jsonl and promotes the best 1/F to the next rung, until a rung has at most F;
            its best wins. With --shard, --peers names the other shards' --out files: a shard runs its part of a rung,
            and goes on to the next only once every shard's part is recorded (run it again then).

            --refit DIR: once every trial is recorded, trains the best configuration as 'fnet train' with the sweep's
            options and the winner's would, into DIR (model, card, history, pictures; train keeps its test part). A
            shard sees only its part: give --refit to --collect of every shard's file. --histories DIR writes each
            trial's per-epoch history (history.csv's columns) to DIR/trial-INDEX.csv (--history-format jsonl: .jsonl;
            halving: DIR/rungR/); each trial line carries its last row as "final".

            Examples:
              fnet sweep --data moons --grid "layers=5|10,lr=0.1|0.5" --epochs 200 --folds 5 --out moons.jsonl
              fnet sweep --data digits --grid "layers=50|100,lr=0.001|0.01" --optimizer adam --epochs 50 --out digits.jsonl
              fnet sweep --data friedman --grid "lr=0.001|0.01" --optimizer adam --epochs 100 --scoring neg_mae --out friedman.jsonl
              fnet sweep --data digits --grid "layers=50|100,lr=0.001|0.01" --shard 0/2 --out shard-0.jsonl
              fnet sweep --collect shard-0.jsonl shard-1.jsonl --refit best-model
              fnet sweep --data moons --grid "layers=5|10,lr=0.1|0.5" --epochs 200 --histories moons-histories --refit moons-model
              fnet sweep --data moons --search halving --min-epochs 20 --factor 3 --grid "layers=3|5|8,lr=0.1|0.3|1" --out moons.jsonl
              fnet sweep --data digits --search random --trials 20 --grid "lr=loguniform(1e-4,1e-1),layers=choice(32|64,32)" --optimizer adam --epochs 30
            """);
        var swept = SweptOptions.AddTo(command);
        var grid = new Option<string?>("--grid") { Description = "Values to try, key=v1|v2,key=v1|v2 (keys: train options without dashes); absent: the fixed settings alone" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (stratified by class; plain k-fold for a regression)", DefaultValueFactory = _ => 5 };
        var shard = new Option<string?>("--shard") { Description = "Run only trials i, i+n, i+2n, … of the canonical order (0 ≤ i < n)" };
        var parallel = new Option<int>("--parallel") { Description = "Trials run at once (each holds its fold's copy of the data)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out") { Description = "Results file, one JSON line per trial; trials already in it are skipped", DefaultValueFactory = _ => "sweep.jsonl" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the table, not a line per trial" };
        var collect = new Option<string[]>("--collect") { Description = "Merge these results files (the shards of one sweep) into its table", AllowMultipleArgumentsPerToken = true };
        var scoring = new Option<string?>("--scoring")
        {
            Description = $"Held-out score the table ranks by: {ScorerHelp.List(Scoring.All.Select(s => s.Scorer))} (default accuracy, or r2 for a regression; higher is better, errors and losses negated)",
        };
        var search = new SearchOptions();
        var outputs = new SweepOutputs();
        foreach (var o in new Option[] { grid, folds, shard, parallel, output, quiet, collect, scoring }.Concat(search.All).Concat(outputs.All)) command.Add(o);
        command.SetAction(r => Cli.Finish(r.GetValue(collect) is { Length: > 0 } files
            ? from alone in Alone(r, command, collect, scoring, outputs.Refit)
              from refit in outputs.RefitDirectory(r, Shard.All)
              from code in Collect(files, r.GetValue(scoring), refit, terminal)
              select code
            : from g in search.Configurations(r, r.GetValue(grid), SweptOptions.GridKeys(swept))
              from s in Shard.Parse(r.GetValue(shard))
              from p in r.GetValue(parallel) >= 1 ? LanguageExt.Prelude.Right<CliError, int>(r.GetValue(parallel))
                  : new CliError(new Error("options.parallel", $"--parallel must be at least 1, found {r.GetValue(parallel)}"))
              from refit in outputs.RefitDirectory(r, s)
              from given in outputs.Histories(r)
              let histories = given.Case as TrialHistories
              let quietly = r.GetValue(quiet)
              from code in search.IsHalving(r)
                  ? from h in search.Halving(r, g.Keys, SweptOptions.Fixed(r, swept), r.GetValue(output)!)
                    from code in Halving.Run(g.Configurations, h,
                        (configurations, epochs) => SweepPlan.Resolve(g.Keys, configurations, [.. SweptOptions.Fixed(r, swept), "--epochs", I($"{epochs}")], r.GetValue(folds)),
                        (plan, _) => Scoring.Parse(r.GetValue(scoring), plan.Regression),
                        (plan, score, path, rung) => Run(plan, score, s, p, path, quietly, terminal, histories?.Rung(rung), picture: false),
                        (records, score) => Refitted(records, score, refit, quietly, terminal), terminal)
                    select code
                  : from plan in SweepPlan.Resolve(g.Keys, g.Configurations, SweptOptions.Fixed(r, swept), r.GetValue(folds))
                    from score in Scoring.Parse(r.GetValue(scoring), plan.Regression)
                    from code in Run(plan, score, s, p, r.GetValue(output)!, quietly, terminal, histories,
                        finish: records => Refitted(records, score, refit, quietly, terminal))
                    select code
              select code, terminal));
        return command;
    }

    private static LanguageExt.Either<CliError, int> Refitted(IReadOnlyList<TrialRecord> records, Scoring scoring, LanguageExt.Option<string> directory, bool quiet, Terminal terminal) =>
        directory.Match(d => Refit.Run(records, scoring, d, quiet, terminal), () => LanguageExt.Prelude.Right<CliError, int>(ExitCode.Ok));

    private static LanguageExt.Either<CliError, LanguageExt.Unit> Alone(ParseResult r, Command command, params Option[] allowed) =>
        command.Options.Where(o => !allowed.Contains(o)).Select(r.GetResult).OfType<OptionResult>().FirstOrDefault(o => !o.Implicit) is { } other
            ? new CliError(new Error("options.collect", $"--collect merges results files and takes no option but --scoring and --refit, found {other.Option.Name}"))
            : LanguageExt.Unit.Default;

    /// <summary>
    /// Runs the sweep holding the advisory lock <c>fnet train --out</c> takes, on a directory <c>OUT.lock</c> beside the
    /// results file (removed on release), so a second sweep into the same --out is refused instead of running every
    /// trial again beside this one.
    /// </summary>
    private static LanguageExt.Either<CliError, int> Run(SweepPlan plan, Scoring scoring, Shard shard, int parallel, string path, bool quiet, Terminal terminal,
        TrialHistories? histories, bool picture = true, Func<IReadOnlyList<TrialRecord>, LanguageExt.Either<CliError, int>>? finish = null) =>
        Storage.ModelStore.Locked(path + ".lock", () => Locked(plan, scoring, shard, parallel, path, quiet, terminal, histories, picture, finish)).MapLeft(e => e.Error.Code == "model.locked"
            ? e with { Error = e.Error with { Message = $"results file {path} is being written by another sweep: " + e.Error.Message.Replace("model directory ", "lock ", StringComparison.Ordinal) } }
            : e);

    private static LanguageExt.Either<CliError, int> Locked(SweepPlan plan, Scoring scoring, Shard shard, int parallel, string path, bool quiet, Terminal terminal,
        TrialHistories? histories, bool picture, Func<IReadOnlyList<TrialRecord>, LanguageExt.Either<CliError, int>>? finish)
    {
        if (!ResultsFile.Recorded(path, plan, terminal.Cancel).TryRight(out var recorded, out var problem)) return problem;
        var done = recorded.Select(r => r.Trial).ToHashSet();
        var mine = Enumerable.Range(0, plan.TrialCount).Where(shard.Includes).ToArray();
        var pending = mine.Where(t => !done.Contains(t)).ToArray();
        terminal.Out.WriteLine(I($"sweep    {plan.Id}: {plan.Configurations.Length} configurations × {plan.FoldCount} folds = {plan.TrialCount} trials")
            + (shard == Shard.All ? "" : I($"; shard {shard} has {mine.Length}")));
        terminal.Out.WriteLine(I($"running  {pending.Length} trials, {parallel} at a time ({mine.Length - pending.Length} already in {path})"));
        if (histories is not null && !histories.Create().TryRight(out _, out problem)) return problem;
        if (!ResultsFile.Append(path).TryRight(out var stream, out problem)) return problem;
        CliError? failure = null;
        bool interrupted = false;
        var written = new List<TrialRecord>();
        var gate = new object();
        // Trials at once × threads per product stays near the processor count; results are the same bits at any split.
        var threads = new Parallelism(Math.Max(1, Environment.ProcessorCount / parallel));
        using (stream)
        {
            // One trial at a time per worker: trials differ in cost, so ranges handed out up front would leave workers idle.
            Parallel.ForEach(Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = parallel }, (trial, state) =>
            {
                if (state.ShouldExitCurrentIteration) return;
                var clock = Stopwatch.StartNew();
                // Ctrl+C before a trial starts: nothing to run; during one: the engine stops it and it is not recorded.
                var result = terminal.Cancel.IsCancellationRequested ? default(LanguageExt.Either<CliError, LanguageExt.Option<TrialRecord>>?) : TrialRunner.Run(plan, trial, terminal, threads, histories);
                lock (gate)
                {
                    if (result is not { } finished) interrupted = true;
                    else if (!finished.TryRight(out var ran, out var error)) failure ??= error;
                    else if (ran.Case is not TrialRecord done) interrupted = true;
                    else
                    {
                        var record = done with { WallSeconds = clock.Elapsed.TotalSeconds };
                        if (!ResultsFile.Write(path, stream, record).TryRight(out _, out var unwritten)) failure ??= unwritten;
                        else
                        {
                            written.Add(record);
                            if (!quiet) terminal.Out.WriteLine(Progress(plan, scoring, record));
                        }
                    }
                    if (failure is not null || interrupted) state.Stop();
                }
            });
        }
        if (failure is not null) return failure;
        if (interrupted)
            return new CliError(new Error("sweep.interrupted", $"interrupted; the finished trials are in {path}, and running the same command again does the rest"),
                ExitCode.Interrupted);
        finish ??= _ => ExitCode.Ok;
        // A FIFO or device cannot be read back: the report is of the trials this run wrote to it.
        if (!ResultsFile.Resumable(path))
        {
            TrialRecord[] these = [.. written.OrderBy(r => r.Trial)];
            Report(these, scoring, terminal);
            return finish(these);
        }
        // The picture once every trial is in (a shard's part alone would show some configurations on some folds).
        if (!(from all in ResultsFile.Recorded(path, plan, terminal.Cancel)
              from drawn in picture && all.Length == plan.TrialCount ? SearchPicture.Write(path, [all], scoring, terminal) : LanguageExt.Unit.Default
              select all).TryRight(out var recordedAll, out problem))
            return problem;
        Report(recordedAll, scoring, terminal);
        return finish(recordedAll);
    }

    private static LanguageExt.Either<CliError, int> Collect(string[] files, string? scoring, LanguageExt.Option<string> refit, Terminal terminal)
    {
        if (files.Any(string.IsNullOrWhiteSpace))
            return new CliError(new Error("options.collect", "--collect needs result file names; found an empty one"));
        if (files.GroupBy(f => Path.GetFullPath(f)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            return new CliError(new Error("sweep.duplicate", $"{twice.First()} is given twice to --collect"));
        var read = new List<(TrialRecord Record, string Where)>();
        foreach (string file in files)
        {
            if (!ResultsFile.Read(file, terminal.Cancel).TryRight(out var records, out var problem)) return problem;
            read.AddRange(records);
        }
        if (!ResultsFile.Merge(read, null, "collect the shards of one sweep").TryRight(out var all, out var mixed)) return mixed;
        if (all.IsEmpty) return new CliError(new Error("sweep.empty", $"no results in {string.Join(", ", files)}"));
        if (!Scoring.Parse(scoring, Scoring.IsRegression(all[0])).TryRight(out var score, out var wrong)) return wrong;
        terminal.Out.WriteLine(I($"sweep    {all[0].Sweep}: {all.Length} of {all[0].Trials} trials from {files.Length} files"));
        Report(all, score, terminal);
        return Refitted(all, score, refit, quiet: false, terminal);
    }

    private static void Report(IReadOnlyList<TrialRecord> records, Scoring scoring, Terminal terminal)
    {
        var trials = records.Count == 0 ? 0 : records[0].Trials;
        // Counted, and the first few found by walking past the recorded ones: a line may claim 2³¹ trials, and the
        // work stays bounded by the lines actually read.
        var recorded = records.Select(r => r.Trial).ToHashSet();
        long missing = trials - recorded.Count;
        if (missing > 0)
        {
            var first = Enumerable.Range(0, trials).Where(t => !recorded.Contains(t)).Take(20).ToArray();
            terminal.Out.WriteLine(I($"missing  {missing} of {trials} trials ({string.Join(", ", first)}{(missing > 20 ? ", …" : "")}): the table covers those recorded"));
        }
        if (records.Count > 0) Tables.ConsoleFor(terminal).Write(Ranking.Table(Ranking.Rank(records, scoring), scoring));
    }

    private static string Progress(SweepPlan plan, Scoring scoring, TrialRecord r) =>
        I($"trial    {r.Trial + 1}/{plan.TrialCount}  {new Configuration(r.Configuration, r.Config)}  fold {r.Fold + 1}/{r.Folds}  {scoring.Name} {scoring.Of(r):F4}  ({r.Epochs} epochs, {r.Stop}, {r.WallSeconds:F1} s)");

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
