using System.CommandLine;
using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Cli.Limits;
using FunctionalNet.Cli.Options;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet gradcheck</c>: backpropagation against finite differences on a random network and batch.</summary>
internal static class GradcheckCommand
{
    public static Command Create(Terminal terminal)
    {
        var network = new NetworkOptions();
        var inputs = new Option<int>("--inputs") { Description = "Input features", DefaultValueFactory = _ => 3 };
        var outputs = new Option<int>("--outputs") { Description = "Output units", DefaultValueFactory = _ => 3 };
        var samples = new Option<int>("--samples") { Description = "Random samples in the batch", DefaultValueFactory = _ => 8 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for the parameters and data", DefaultValueFactory = _ => 1UL };
        var tolerance = new Option<double>("--tolerance") { Description = "Largest relative error accepted", DefaultValueFactory = _ => 1e-7 };
        var command = new Command("gradcheck", """
            Compares the backpropagated gradient with fourth-order central differences on a random network and batch,
            and prints the worst relative error and where it occurs. Exits with 1 when it exceeds --tolerance.
            (ReLU-type kinks: a finite-difference probe that straddles one disagrees legitimately; try another --seed.)

            Example:
              fnet gradcheck --layers 5,4 --activation elu(2) --output softmax --inputs 3 --outputs 3 --lambda 0.1
            """);
        network.AddTo(command);
        command.Add(inputs);
        command.Add(outputs);
        command.Add(samples);
        command.Add(seed);
        command.Add(tolerance);
        command.SetAction(r => Cli.Finish(
            from m in Positive(r.GetValue(samples), "--samples")
            from n in Positive(r.GetValue(inputs), "--inputs")
            from k in Positive(r.GetValue(outputs), "--outputs")
            from tol in r.GetValue(tolerance) is var t && t >= 0 ? LanguageExt.Prelude.Right<CliError, double>(t)
                : new CliError(new Error("options.range", $"--tolerance must be a number ≥ 0, found {t.ToString(CultureInfo.InvariantCulture)}"))
            from arch in network.Build(r, n, k)
            from _ in Feasible(arch, m)
            from __ in MemoryEstimate.GradientCheck(arch, m).Fits()
            select Run(arch, m, r.GetValue(seed), tol, terminal), terminal));
        return command;
    }

    private static int Run(Architecture arch, int samples, ulong seed, double tolerance, Terminal terminal)
    {
        var rng = Rng.Create(seed);
        // Biases drawn too (epsilon init): zero biases behind dead ReLUs put pre-activations exactly on the kink,
        // where the one-sided derivative and the central difference legitimately disagree.
        var parameters = Initializer.UniformEpsilon.Initialize<double>(arch, rng.Fork(0));
        var x = new double[samples * arch.Inputs];
        rng.Fork(1).FillNormal<double>(x, 0, 1);
        var labels = Enumerable.Range(0, samples).Select(i => rng.Fork(2).NextInt((ulong)i, arch.Outputs)).ToArray();
        var y = new double[samples * arch.Outputs];
        if (arch.Loss is Model.Losses.SquaredError) rng.Fork(3).FillUniform<double>(y, 0, 1);
        else for (int i = 0; i < samples; i++) y[i * arch.Outputs + labels[i]] = 1;
        var report = GradientCheck.Run(arch, parameters, new Batch<double>(Matrix<double>.Create(samples, arch.Inputs, x), Matrix<double>.Create(samples, arch.Outputs, y)));
        bool ok = report.MaxRelativeError <= tolerance;
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"network {arch}, {arch.Layout.Count} parameters, {samples} samples"));
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worst relative error {report.MaxRelativeError:E2} at {report.Location} (analytic {report.Analytic:G10}, numeric {report.Numeric:G10}): {(ok ? "ok" : "FAILED")}, tolerance {tolerance:E0}"));
        return ok ? ExitCode.Ok : ExitCode.Failed;
    }

    /// <summary>The most multiply-adds a check may take (about a minute on one loaded core); past it the check is refused, not started.</summary>
    public const double MaxWork = 1e9;

    // The batch is one array per side, and the check evaluates the cost 4 times per parameter, each pass about
    // samples × parameters multiply-adds: a large network would run for hours.
    private static LanguageExt.Either<CliError, LanguageExt.Unit> Feasible(Architecture arch, int samples)
    {
        if ((long)samples * Math.Max(arch.Inputs, arch.Outputs) > Array.MaxLength)
            return new CliError(new Error("options.range", string.Create(CultureInfo.InvariantCulture,
                $"--samples {samples} of {Math.Max(arch.Inputs, arch.Outputs)} values each is more than one array can hold ({Array.MaxLength})")));
        double work = 4.0 * arch.Layout.Count * (samples + 1.0) * arch.Layout.Count;
        return work <= MaxWork ? LanguageExt.Unit.Default
            : new CliError(new Error("options.range", string.Create(CultureInfo.InvariantCulture,
                $"checking {arch.Layout.Count} parameters on {samples} samples takes about {work:E1} multiply-adds (4 cost evaluations per parameter), more than the {MaxWork:E0} allowed; use fewer --samples or a smaller network")));
    }

    private static LanguageExt.Either<CliError, int> Positive(int value, string name) =>
        value > 0 ? value : new CliError(new Error("options.range", $"{name} must be a positive integer, found {value}"));
}
