using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Bench;
using FunctionalNet.Cli;
using FunctionalNet.Optimization;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// <c>userpath-split workload rounds budgets [data]</c>: where <c>fnet train</c>'s per-epoch time over the bench's goes,
/// layer by layer, in one warmed-up process. Each round times, for <c>budgets</c> × the bench budget: the bench call;
/// the library's plan of the CLI's run (<c>Classifier.Plan</c>, the plan <c>fnet train</c> builds) enumerated with only
/// its last epoch reported (<c>HistoryEvery</c> = epochs: the engine alone, the CLI's data and options); the same plan
/// reporting every epoch (the engine's per-epoch cost, snapshot and monitor); and <c>Cli.Run</c> (the shell on top),
/// minus its one-epoch run. Each is printed as process CPU seconds per bench budget, and as a ratio to the bench call
/// of the same round; the median over the rounds. Run with <c>DOTNET_TieredCompilation=0</c>.
/// </summary>
internal static class UserPathSplitProbe
{
    public static void Run(string workload, int rounds, int budgets, string data)
    {
        var context = new BenchContext(new BenchOptions([workload], Environment.ProcessorCount, false, data));
        bool moons = workload == "moons-gd";
        int budget = moons ? 5000 : workload == "digits-adam" ? 200 : throw new ArgumentException($"userpath-split knows moons-gd and digits-adam, not {workload}");
        int epochs = budget * budgets;
        string[] cli = moons
            ? ["--data", Path.Combine(data, "moons_1000.csv"), "--label", "label", "--test-data", Path.Combine(data, "moons_1000.csv"),
                "--layers", "5,5", "--activation", "sigmoid", "--output", "sigmoid", "--loss", "bce", "--lambda", "0", "--optimizer", "gd", "--lr", "0.5"]
            : ["--data", "digits", "--layers", "100", "--activation", "relu", "--output", "softmax", "--lambda", "1e-4",
                "--optimizer", "adam", "--lr", "0.001", "--batch-size", "200", "--dtype", "float32"];
        var options = moons
            ? new MlpOptions { Layers = [5, 5], Activations = ["sigmoid"], Output = "sigmoid", Loss = "bce", L2 = 0, Optimizer = new ComponentSpec("gd").With(Catalog.LearningRate, 0.5) }
            : new MlpOptions { Layers = [100], Activations = ["relu"], Output = "softmax", Loss = "ce", L2 = 1e-4, Optimizer = new ComponentSpec("adam").With(Catalog.LearningRate, 0.001), BatchSize = 200, Dtype = "float32" };
        options = options with { Scaler = "none", Init = "epsilon", Patience = 0, Epochs = epochs };
        var rows = moons ? context.Moons : context.Digits.Train;
        string folder = Directory.CreateTempSubdirectory("userpath-split-").FullName;
        var terminal = new Terminal(TextWriter.Null, Console.Error, false, CancellationToken.None);
        double Train(int n) => FunctionalNet.Cli.Cli.Run(["train", .. cli, "--scale", "none", "--init", "epsilon", "--patience", "0", "--quiet", "--epochs",
            n.ToString(CultureInfo.InvariantCulture), "--out", folder], terminal) == 0 ? 0 : throw new InvalidOperationException("fnet train failed");
        double Bench() => moons ? Workloads.MoonsGd(context, epochs).TrainSeconds : Workloads.DigitsAdam(context, epochs).TrainSeconds;
        double Plan(int every) => moons ? Enumerate<double>(rows, options with { HistoryEvery = every }) : Enumerate<float>(rows, options with { HistoryEvery = every });
        double Shell(bool history) => moons ? Consumed<double>(rows, options, history ? folder : null, terminal) : Consumed<float>(rows, options, history ? folder : null, terminal);
        string[] names = ["bench", "plan, last epoch reported", "plan, every epoch, no cost", "plan, every epoch reported", "+ TraceConsumer", "+ HistoryLog", "fnet train (Cli.Run)"];
        var cpu = names.Select(_ => new List<double>()).ToArray();
        try
        {
            for (int r = -2; r < rounds; r++) // two warm-up rounds
            {
                double one = Cpu(() => Train(1));
                double[] t = [Cpu(Bench), Cpu(() => Plan(epochs)), Cpu(() => NoCost(rows, options, moons)), Cpu(() => Plan(1)), Cpu(() => Shell(false)), Cpu(() => Shell(true)),
                    Cpu(() => Train(epochs)) - one];
                if (r == -1)
                {
                    // Bytes allocated per epoch and gen-0 collections per bench budget, by layer (the one-epoch run's are not subtracted from fnet train's).
                    var allocation = new List<string>();
                    foreach (var (name, run) in names.Zip(new Func<double>[] { Bench, () => Plan(epochs), () => NoCost(rows, options, moons), () => Plan(1), () => Shell(false), () => Shell(true), () => Train(epochs) }))
                    {
                        long bytes = GC.GetAllocatedBytesForCurrentThread();
                        int gcs = GC.CollectionCount(0);
                        run();
                        allocation.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {(GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)epochs:F0} B/epoch, {(GC.CollectionCount(0) - gcs) / (double)budgets:F1} gen0/budget"));
                    }
                    Console.WriteLine("allocation: " + string.Join("; ", allocation));
                }
                if (r < 0) continue;
                for (int i = 0; i < t.Length; i++) cpu[i].Add(t[i] / budgets);
                string cells = string.Join(", ", t.Select((x, i) => string.Create(CultureInfo.InvariantCulture, $"{names[i]} {x / budgets:F4}")));
                Console.WriteLine($"round {r + 1}: {cells} CPU s per bench budget");
            }
            Console.WriteLine($"{workload}: {rounds} rounds of {budgets} budgets, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, CPU s per bench budget, median (best), ratio to bench by round, median (quartiles):");
            for (int i = 0; i < names.Length; i++)
            {
                var ratio = cpu[i].Select((x, k) => x / cpu[0][k]).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {names[i],-28} {Median(cpu[i]):F4} ({cpu[i].Min():F4}); ratio {ratio[ratio.Length / 2]:F3} ({ratio[ratio.Length / 4]:F3}–{ratio[3 * ratio.Length / 4]:F3})"));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The plan's trace enumerated to its end, as the shell's consumer does, without the shell.
    private static double Enumerate<T>(Dataset rows, MlpOptions options) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var plan = Classifier.Plan<T>(rows, options).Match(p => p, e => throw new InvalidOperationException(string.Join("; ", e.Select(x => x.Message))));
        var trace = plan.Trace().Match(t => t, e => throw new InvalidOperationException(string.Join("; ", e.Select(x => x.Message))));
        int epoch = 0;
        foreach (var it in trace) epoch = it.Epoch;
        return epoch;
    }

    // The plan's trace with every epoch reported but no cost computed (EpochCost.None): the snapshot and the monitor alone.
    private static double NoCost(Dataset rows, MlpOptions options, bool inDouble)
    {
        return inDouble ? Run<double>() : Run<float>();
        double Run<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        {
            var plan = Classifier.Plan<T>(rows, options).Match(p => p, e => throw new InvalidOperationException(e.Head.Message));
            var o = plan.TrainingOptions();
            var training = Training.TrainingOptions.Create(maxEpochs: o.MaxEpochs, batching: o.Batching, rng: o.Rng, epochCost: Training.EpochCost.None,
                parallelism: o.Parallelism).Match(x => x, e => throw new InvalidOperationException(e.Head.Message));
            int epoch = 0;
            foreach (var it in Training.Train.Fit(plan.Architecture, plan.Train, plan.Rule!, plan.Start, training).Match(t => t, e => throw new InvalidOperationException(e.Head.Message)))
                epoch = it.Epoch;
            return epoch;
        }
    }

    // The plan's trace through the shell's consumer (TraceConsumer, as fnet train runs it with --quiet), with the history log when a folder is given.
    private static double Consumed<T>(Dataset rows, MlpOptions options, string? folder, Terminal terminal) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var plan = Classifier.Plan<T>(rows, options).Match(p => p, e => throw new InvalidOperationException(e.Head.Message));
        var trace = plan.Trace().Match(t => t, e => throw new InvalidOperationException(e.Head.Message));
        var metric = FunctionalNet.Cli.Training.HistoryLog.Metric<T>(plan.Architecture, plan.TrainRows.Targets, plan.ValidationRows);
        var log = folder is null ? null : FunctionalNet.Cli.Training.HistoryLog.Open(new FunctionalNet.Cli.Training.HistoryFormat("csv"), folder, null, 0,
            FunctionalNet.Cli.Training.CostHistory.Empty, metric.Name, terminal);
        trace = log?.Watch(trace, metric.Score) ?? trace;
        var run = FunctionalNet.Cli.Training.TraceConsumer.Run(trace, FunctionalNet.Cli.Training.CostHistory.Empty, options.Epochs, false, _ => { }, _ => false,
            (_, _) => LanguageExt.Prelude.unit);
        return run.IsRight ? 0 : throw new InvalidOperationException("consumer failed");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double Cpu(Func<double> run)
    {
        using var before = Process.GetCurrentProcess();
        var start = before.TotalProcessorTime;
        run();
        using var after = Process.GetCurrentProcess();
        return (after.TotalProcessorTime - start).TotalSeconds;
    }
}
