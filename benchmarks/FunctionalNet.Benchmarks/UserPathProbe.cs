using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Bench;
using FunctionalNet.Cli;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// <c>userpath workload pairs [data]</c>: <c>fnet train</c>'s own code (<c>Cli.Run</c>, with measure.sh's arguments) against
/// the bench's timed <c>Train.Fit</c> call of the same workload, in one warmed-up process, interleaved: each round runs
/// train for one epoch, train for the bench budget, the bench call and train recording only its last epoch
/// (<c>--history-every</c> the budget: no per-epoch cost or history line), so they share the machine's load of the same
/// second. A round's ratio is (budget run − one-epoch run, scaled to the budget) over the bench call, in wall and in
/// process CPU seconds; the rounds' median and quartiles are printed. Start-up (the JIT, loading) is paid before the
/// first round, so this is the per-epoch cost of the user's path, which measure.sh can only get as a difference of two
/// processes' start-ups. Run with <c>DOTNET_TieredCompilation=0</c>, as fnet itself is built.
/// </summary>
internal static class UserPathProbe
{
    public static void Run(string workload, int rounds, string data)
    {
        var (budget, args) = workload switch
        {
            "moons-gd" => (5000, new[] { "--data", Path.Combine(data, "moons_1000.csv"), "--label", "label", "--test-data", Path.Combine(data, "moons_1000.csv"),
                "--layers", "5,5", "--activation", "sigmoid", "--output", "sigmoid", "--loss", "bce", "--lambda", "0", "--optimizer", "gd", "--lr", "0.5" }),
            "digits-adam" => (200, new[] { "--data", "digits", "--layers", "100", "--activation", "relu", "--output", "softmax", "--lambda", "1e-4",
                "--optimizer", "adam", "--lr", "0.001", "--batch-size", "200", "--dtype", "float32" }),
            _ => throw new ArgumentException($"userpath knows moons-gd and digits-adam, not {workload}"),
        };
        var context = new BenchContext(new BenchOptions([workload], Environment.ProcessorCount, false, data));
        Func<BenchRecord> bench = workload == "moons-gd" ? () => Workloads.MoonsGd(context, budget) : () => Workloads.DigitsAdam(context, budget);
        string folder = Directory.CreateTempSubdirectory("userpath-").FullName;
        var terminal = new Terminal(TextWriter.Null, Console.Error, false, CancellationToken.None);
        string[] Train(int epochs, int every) => ["train", .. args, "--scale", "none", "--init", "epsilon", "--patience", "0", "--quiet", "--epochs",
            epochs.ToString(CultureInfo.InvariantCulture), "--history-every", every.ToString(CultureInfo.InvariantCulture), "--out", folder];
        (double Wall, double Cpu) Timed(Func<double?> run)
        {
            var cpu = Cpu();
            long start = Stopwatch.GetTimestamp();
            double? wall = run();
            return (wall ?? Stopwatch.GetElapsedTime(start).TotalSeconds, (Cpu() - cpu).TotalSeconds);
        }
        double? Fnet(int epochs, int every = 1) => FunctionalNet.Cli.Cli.Run(Train(epochs, every), terminal) == 0 ? null : throw new InvalidOperationException("fnet train failed");
        try
        {
            var wall = new List<double>();
            var cpu = new List<double>();
            var lastOnly = new List<double>();
            for (int r = -2; r < rounds; r++) // two warm-up rounds
            {
                var one = Timed(() => Fnet(1));
                var full = Timed(() => Fnet(budget));
                var engine = Timed(() => bench().TrainSeconds);
                var last = Timed(() => Fnet(budget, budget));
                if (r < 0) continue;
                // The one-epoch run holds everything but budget − 1 epochs.
                double scale = (double)budget / (budget - 1);
                wall.Add((full.Wall - one.Wall) * scale / engine.Wall);
                cpu.Add((full.Cpu - one.Cpu) * scale / engine.Cpu);
                lastOnly.Add((last.Cpu - one.Cpu) * scale / engine.Cpu);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {r + 1}: train {full.Wall:F4} s (one epoch {one.Wall:F4}), bench {engine.Wall:F4} s, wall ratio {wall[^1]:F3}; CPU {full.Cpu:F3} s, {one.Cpu:F3}, {engine.Cpu:F3}, ratio {cpu[^1]:F3}; last epoch only {last.Cpu:F3}, ratio {lastOnly[^1]:F3}"));
            }
            Console.WriteLine($"{workload}: {rounds} rounds, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}: wall ratio {Quartiles(wall)}; CPU ratio {Quartiles(cpu)}; with only the last epoch recorded (--history-every budget) CPU ratio {Quartiles(lastOnly)}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Quartiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return string.Create(CultureInfo.InvariantCulture, $"median {At(0.5):F3} (quartiles {At(0.25):F3}–{At(0.75):F3})");
    }

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
