using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Cli.Commands;
using FunctionalNet.Cli.Options;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Optimization;
using FunctionalNet.Training;
using LanguageExt;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// <c>fnet train --data FILE.fnetc</c>: mini-batch training read batch by batch from a row cache (positioned reads), with a
/// bounded working set. The parts are row ranges (docs/data.md): the test part is the last ⌈test-split · m⌉ rows, the
/// validation part the ⌈validation-split · rest⌉ rows before it, training the rows before those. The scaler is fitted in
/// one pass over the training rows and applied to each gathered batch; metrics are computed in blocks.
/// </summary>
internal static class CacheTraining
{
    /// <summary>The <c>--shuffle-window</c> option of <c>fnet train</c>, which only a run from a cache takes.</summary>
    public static System.CommandLine.Option<int> ShuffleWindowOption() => new(ShuffleWindow)
    {
        Description = $"Training from a row cache: chunks whose rows each epoch shuffles together (more mixes better, reads wider; default {RowCache.DefaultWindow})",
        DefaultValueFactory = _ => RowCache.DefaultWindow,
    };

    /// <summary>Left (one line) when <c>--shuffle-window</c> is given for a run that does not read a cache, which shuffles all rows at once.</summary>
    public static Either<CliError, Unit> OnlyWithACache(ParseResult r, TrainSettings s) =>
        RowCacheFile.Named(s.Data) || r.GetResult(ShuffleWindow) is not System.CommandLine.Parsing.OptionResult { Implicit: false }
            ? Unit.Default
            : new CliError(new Error("options.shuffle-window", $"--shuffle-window is for training from a row cache (.fnetc); --data {s.Data} is shuffled whole each epoch"));

    private const string ShuffleWindow = "--shuffle-window";

    /// <summary>
    /// Trains from the cache <paramref name="given"/> names; a regression cache (its header says so) trains with the
    /// settings <paramref name="readAs"/> reads for a regression (its defaults), as fnet train reads them for a regression file.
    /// </summary>
    public static Either<CliError, int> Run(ParseResult r, TrainSettings given, NetworkOptions network, string? warning, Terminal terminal,
        Func<string, Either<CliError, TrainSettings>> readAs)
    {
        string? refused = Unused(r) ?? (given.TestData is not null ? "--test-data does not go with a cache: the test part is the cache's last --test-split rows"
            : given.Labels is not null || given.Label is not null ? "--labels and --label were used when the cache was written; a cache already holds its labels"
            : null);
        int window = r.GetValue<int>(ShuffleWindow);
        refused ??= window < 1 ? $"{ShuffleWindow} must be ≥ 1 chunk, found {window}" : null;
        if (refused is not null) return new CliError(new Error("options.cache", refused));
        // The training rows' column statistics for the scaler: a version-4 cache's from its chunk table (its rows are verified
        // in Fit, in the read that computes the starting cost), an older cache's gathered in the pass that checks its checksum.
        long TrainRows(RowCacheHeader h) => given.Scale == "none" ? 0 : Parts(h.Rows, given).Train;
        if (!RowCache.OpenTable(given.Data, TrainRows).MapLeft(e => new CliError(e)).TryRight(out var file, out var problem)) return problem;
        using (file)
        {
            if (!CacheRegression.Settings(given, file, readAs).TryRight(out var s, out problem)) return problem;
            if (FunctionalNet.Catalog.Optimizer(s.Optimizer).Exists(e => e.FullBatch) || s.BatchSize < 1)
                return new CliError(new Error("options.cache", $"a cache trains with mini-batches only: give --batch-size ≥ 1 and one of sgd, momentum, nesterov, adam, rmsprop, adagrad (found --optimizer {s.Optimizer}, --batch-size {s.BatchSize})"));
            long m = file.Header.Rows;
            var (train, validation, test) = Parts(m, s);
            if (train < 1 || test < 1)
                return new CliError(new Error("data.split", Inv($"cache {s.Data}: {m} rows leave {train} for training and {test} for testing; each part needs at least one")));
            // Verified before a row is used: which chunks, and which part now, is ChunkVerification's one rule.
            if (!ChunkVerification.Begin(s, file, (int)train, (int)validation, (int)test).TryRight(out var verification, out problem)) return problem;
            if (s.Float32 && s.Scale == "none" && file.LargestMagnitude > float.MaxValue)
                return new CliError(new Error("data.range", Inv($"cache {s.Data}: a feature value of magnitude {file.LargestMagnitude:R} is past the largest float32; train with --dtype float64 or a --scale")));
            var scaler = FitScaler(file, s.Scale);
            var outputs = file.Header.Classes;
            return
                from arch in network.Build(r, file.Header.Features, outputs, DataFiles.DataCatalog.DefaultsFor(s.Data, s.Task), file.Header.Regression)
                    .Map(a => TrainCommand.Warned(a, warning, terminal))
                from plan in EnginePlan.Create(s.Mlp(arch), (int)train).OrProblems()
                from code in plan is { Rule: not null, Batching: Batching.ShuffledBatches } rule
                    ? s.Float32 ? Fit<float>(s, arch, rule, file, verification, (int)train, (int)validation, (int)test, scaler, window, terminal)
                        : Fit<double>(s, arch, rule, file, verification, (int)train, (int)validation, (int)test, scaler, window, terminal)
                    : new CliError(new Error("options.cache", Inv($"--batch-size {s.BatchSize} covers all {train} training rows: a cache trains with smaller mini-batches")))
                select code;
        }
    }

    // The parts as row ranges: the test part last, the validation part before it, training first.
    private static (long Train, long Validation, long Test) Parts(long m, TrainSettings s)
    {
        long test = (long)Math.Ceiling(s.TestSplit * m);
        long validation = (long)Math.Ceiling(s.ValidationSplit * (m - test));
        return (m - test - validation, validation, test);
    }

    // Both scalers are affine, x′ = (x − offset) / scale, as the model card stores them (the library's Scaling fits the
    // same two), from the training rows' statistics the cache's checksum pass gathered.
    private static ScalerCard? FitScaler(RowCacheFile file, string scale)
    {
        if (scale == "none" || file.Statistics is not { } stats) return null;
        return scale == "standard" ? new ScalerCard("standard", stats.Mean, stats.Scale)
            : new ScalerCard("minmax", stats.Min, [.. stats.Min.Zip(stats.Max, (lo, hi) => hi - lo == 0 ? 1.0 : hi - lo)]);
    }

    private static Either<CliError, int> Fit<T>(TrainSettings s, Architecture arch, EnginePlan plan, RowCacheFile file, ChunkVerification verification,
        int train, int validation, int test, ScalerCard? scaler, int window, Terminal terminal) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var targetScaler = CacheRegression.TargetScaler(file, train);
        CacheRows<T> Part(long first, int count) => new(file, first, count, arch.Outputs, scaler?.Offset, scaler?.Scale, window, targetScaler?.Offset, targetScaler?.Scale);
        var trainRows = Part(0, train);
        var validationRows = validation > 0 ? Part(train, validation) : null;
        var testRows = Part(train + validation, test);
        if (!s.Quiet)
        {
            terminal.Out.WriteLine(Inv($"data     {s.Data}: {file.Header.Features} features, {file.Header.Classes} {(file.Header.Regression ? (file.Header.Classes == 1 ? "real-valued target" : "real-valued targets") : "classes")}{(file.Weights is null ? "" : ", weighted by the cache's sample weights")} (rows: train {train}, validation {validation}, test {test}, by row ranges), scaling {s.Scale}"));
            terminal.Out.WriteLine(Inv($"network  {arch}, {arch.Layout.Count} parameters, {(s.Float32 ? "float32" : "float64")}"));
            terminal.Out.WriteLine(Inv($"training {s.Optimizer}, lr {s.LearningRate}, {s.Epochs} epochs, batch {s.BatchSize}, init {s.Init}, seed {s.Seed}, shuffled in windows of {window} chunks of {file.Header.ChunkRows} rows"));
        }
        // A checkpoint continues only this run: the settings, the shuffle window and the very cache (its checksum).
        string fingerprint = Inv($"{s.Fingerprint(arch)} shuffle-window {window} cache {Convert.ToHexStringLower(file.Header.Checksum.AsSpan())}");
        var fresh = (Start: new TrainingStart<T>(Initializer.Parse(s.Init)!.Initialize<T>(arch, Rng.Create(s.Seed).Fork(3))), History: CostHistory.Empty);
        if (!(s.Resume is { } resume ? CheckpointStore.Load<T>(resume, arch, fingerprint, plan, s.Optimizer, train, s.HistoryEvery) : fresh).TryRight(out var from, out var problem))
            return problem;
        if (s.Resume is not null && !s.Quiet) terminal.Out.WriteLine(Inv($"resumed  from {s.Resume} after epoch {from.Start.Epoch}"));
        // The engine options of the run's MlpOptions, from the library's EnginePlan as fnet train's (fork 4, patience, epoch cost, dropout).
        var options = plan.TrainingOptions(from.Start.Epoch, new FitControls(Exchange: s.Exchange, Cancellation: terminal.Cancel))
            .Match(o => o, errors => throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message))));
        // The features still to verify are read once, computing the starting cost from the same bytes when the engine takes
        // one (NaN: none computed, and the engine computes its own if it wants one).
        if (!verification.Features(() => options.TakesStartingCost ? RowSources.Cost(arch, from.Start.Parameters, trainRows, options.Parallelism) : double.NaN)
                .TryRight(out double startCost, out problem))
            return problem;
        options = options.WithStartingCost(double.IsNaN(startCost) ? null : startCost);
        var trace = Train.Fit(arch, trainRows, plan.Rule!, from.Start, options, validationRows);
        if (!trace.Match(t => Prelude.Right<CliError, IEnumerable<TrainingIterate<T>>>(t),
                errors => new CliError(new Error("train.options", string.Join("; ", errors.Select(e => e.Message))))).TryRight(out var iterates, out problem))
            return problem;
        if (from.Start.Epoch >= s.Epochs) iterates = iterates.Take(1);
        // The cache's validation rows stream from disk: the history records their cost but scores no metric.
        var log = HistoryLog.Open(s.History, s.Out, s.Resume, from.Start.Epoch, from.History, "accuracy", terminal);
        iterates = log?.Watch(iterates, _ => null) ?? iterates;
        if (!Files.Guard(s.Data, "cache", () => ProgressDisplay.Run(terminal, s.Quiet, s.Epochs, report => TraceConsumer.Run(iterates, from.History, s.Epochs,
                s.RestoreBest, report, it => s.CheckpointEvery > 0 && it.Epoch % s.CheckpointEvery == 0,
                (it, history) => { log?.Flush(); return CheckpointStore.Save(s.Out, fingerprint, it, history); }))).TryRight(out var run, out problem))
            return problem;
        var (result, keptIterate, _) = run;
        var kept = keptIterate.Parameters;
        if (result.Stop == StopKind.Interrupted && result.NewEpochs == 0)
            return new CliError(new Error("train.interrupted", TrainCommand.Interrupted(s)), ExitCode.Interrupted);
        if (result.Stop == StopKind.Diverged)
            return CliError.Failed("train.diverged", Inv($"training diverged at epoch {result.Last.Epoch + 1}: {result.Last.Stop!.Message}; no model was saved"));
        if (DistributedTraining.Follows(s, result) is { } followed) return followed;

        if (file.Header.Regression)
            return CacheRegression.Finish(s, arch, file, trainRows, testRows, train + validation, scaler, targetScaler!, result, keptIterate,
                Fitted(s, arch, keptIterate, window), terminal);
        // One blocked forward pass per part (6 M rows are a third of an epoch's work per pass): the test part's labels come
        // from its scores when they are probabilities (the arg-max of exactly converted outputs is the same row's label).
        bool scores = Classifier.GivesProbabilities(arch) && test > 0;
        if (!Reading(s, () => (RowSources.Accuracy(arch, kept, trainRows), scores ? TestScored(arch, kept, testRows) : TestLabelled(arch, kept, testRows)))
                .TryRight(out var evaluated, out problem))
            return problem;
        var ((trainCost, trainAccuracy), (testPredicted, testTruth, testOutputs)) = evaluated;
        var classes = file.ClassNames;
        // The test part is --test-split of the rows; no boundary picture, which would need every row in memory.
        return ClassificationEnd.Finish(s, arch, result, trainAccuracy, trainCost, testTruth, testPredicted, classes,
            () => testOutputs!, new ClassificationPictures(file.FeatureNames, null, null, x => x, () => null), terminal,
            metrics => from weights in NetworkWeights.Of(kept)
                       from model in Classifier.Create(arch, weights, scaler, classes, file.GivenFeatureNames, TrainedModel.Summary(Fitted(s, arch, keptIterate, window), s, result, metrics))
                       select model);
    }

    // The library's summary of the kept iterate, its training section recording the options and the shuffle window (a cache weighs no classes).
    private static TrainingSummary Fitted<T>(TrainSettings s, Architecture arch, TrainingIterate<T> kept, int window) where T : unmanaged, IFloatingPointIeee754<T> =>
        TrainingSummary.Of(kept) with { Training = TrainingCard.Of(s.Mlp(arch), s.Data, 0, "") with { ShuffleWindow = window } };

    // Reading the cache's rows: a file truncated since it was opened is one line (RowCacheChangedException), not a crash.
    private static Either<CliError, TResult> Reading<TResult>(TrainSettings s, Func<TResult> read) =>
        Files.Guard(s.Data, "cache", () => Prelude.Right<CliError, TResult>(read()));

    // Options a cache run honours, and the five Run refuses with their own reason; any other given option would be
    // silently ignored — a weight column, class weights, a regression — so it is refused instead.
    private static readonly System.Collections.Generic.HashSet<string> Honoured = new(StringComparer.Ordinal)
    {
        "--data", "--optimizer", "--lr", "--epochs", "--batch-size", "--init", "--seed", "--test-split", "--validation-split", "--patience",
        "--tol", "--epoch-cost", "--restore-best", "--dtype", "--scale", "--out", "--quiet", "--log-scale", "--plot-format", "--dropout",
        "--layers", "--activation", "--output", "--loss", "--lambda", "--resume", "--checkpoint-every", "--test-data", "--labels", "--label",
        "--kernels", "--task", ShuffleWindow, "--slots", "--sampling", "--distributed", "--collective-timeout", "--history-every",
    };

    private static string? Unused(ParseResult r)
    {
        foreach (var given in r.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Where(o => !o.Implicit))
        {
            string name = given.Option.Name;
            if (!Honoured.Contains(name))
                return name == "--weight-column"
                    ? "--weight-column does not go with a cache: sample weights are stored when the cache is written (fnet cache --weight-column COLUMN), and training from it weighs the cost with them"
                    : $"{name} is not used when training from a row cache (docs/data.md lists the options that are); train from the data file itself to use it";
        }
        return null;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static (int[] Predicted, int[] Truth, Matrix<double>? Outputs) TestScored<T>(Architecture arch, Parameters<T> kept, FunctionalNet.Data.IRowSource<T> rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, outputs, truth) = RowSources.Scores(arch, kept, rows);
        return (Calculus.Network.Labels(outputs), truth, outputs);
    }

    private static (int[] Predicted, int[] Truth, Matrix<double>? Outputs) TestLabelled<T>(Architecture arch, Parameters<T> kept, FunctionalNet.Data.IRowSource<T> rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, predicted, truth) = RowSources.Evaluate(arch, kept, rows);
        return (predicted, truth, null);
    }
}
