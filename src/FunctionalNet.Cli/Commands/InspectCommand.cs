using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FunctionalNet.Cli.DataFiles;
using FunctionalNet.Cli.Options;
using FunctionalNet.Curvature;
using FunctionalNet.Formats;
using Spectre.Console;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet inspect</c>: the Hessian's view of a saved model on labelled data — extreme eigenvalues, sharpness, condition estimate, gradient norm.</summary>
internal static class InspectCommand
{
    public static Command Create(Terminal terminal)
    {
        var input = new LabelledDataOptions();
        var top = new Option<int>("--top") { Description = "Largest Hessian eigenvalues to find", DefaultValueFactory = _ => LanczosOptions.Default.Top };
        var bottom = new Option<int>("--bottom") { Description = "Smallest Hessian eigenvalues to find (0 for none)", DefaultValueFactory = _ => LanczosOptions.Default.Bottom };
        var steps = new Option<int>("--steps") { Description = "Most Lanczos steps (Hessian-vector products)", DefaultValueFactory = _ => LanczosOptions.Default.MaxSteps };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the Lanczos start vector", DefaultValueFactory = _ => LanczosOptions.Default.Seed };
        var json = new Option<bool>("--json") { Description = "Print the numbers as one JSON object instead of a table" };
        var command = new Command("inspect", """
            The Hessian's view of a saved model: the largest (and smallest) eigenvalues of the Hessian of its training
            cost on labelled data (the cost it was trained on: the mean loss plus the L2 term, in float64), found by
            Lanczos with full reorthogonalisation on exact Hessian-vector products (Pearlmutter's R-operator), with
            each eigenvalue's residual ‖Hy − θy‖; the gradient norm; the sharpness λmax; and the condition estimate
            λmax/|λmin| over the eigenvalues computed (λmin ≤ 0 means a saddle or a flat direction, not a minimum).

            Examples:
              fnet inspect --model model --data train.csv
              fnet inspect --model model --data train.csv --top 10 --bottom 3 --json
            """);
        input.AddTo(command);
        foreach (Option o in new Option[] { top, bottom, steps, seed, json }) command.Add(o);
        command.SetAction(r => Cli.Finish(
            from read in input.Read(r, terminal.Cancel)
            let options = new LanczosOptions(r.GetValue(top), r.GetValue(bottom), r.GetValue(steps), LanczosOptions.Default.Tolerance, r.GetValue(seed))
            from spectrum in Interruptible.Run("interrupted while computing the Hessian's eigenvalues", () =>
                HessianSpectrum.Compute(read.Model.Architecture, CostBatch.Weights(read.Model.Weights), Batch(read.Model, read.Input), options)
                    .MapLeft(e => new CliError(e)), terminal.Cancel)
            select Print(spectrum, r.GetValue(json), terminal), terminal));
        return command;
    }

    private static Data.Batch<double> Batch(SavedEstimator model, ModelInput input) =>
        model.Match(c => CostBatch.Of(c, input.Features, input.Labels!), g => CostBatch.Of(g, input.Features, input.Values!), m => CostBatch.Of(m, input.Features, input.Values!));

    private static int Print(HessianSpectrum s, bool json, Terminal terminal)
    {
        static object Pair(RitzPair p) => new { eigenvalue = p.Value, residual = p.Residual };
        if (json)
        {
            terminal.Out.WriteLine(JsonSerializer.Serialize(new
            {
                samples = s.Samples,
                parameters = s.Parameters,
                cost = s.Cost,
                gradient_norm = s.GradientNorm,
                sharpness = s.Sharpness,
                lambda_min = s.SmallestComputed,
                condition_estimate = double.IsFinite(s.ConditionEstimate) ? s.ConditionEstimate : (double?)null,
                positive_definite = s.PositiveDefinite,
                steps = s.Steps,
                converged = s.Converged,
                top = s.Top.Select(Pair),
                bottom = s.Bottom.Select(Pair),
            }));
            return ExitCode.Ok;
        }
        static string G(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
        var o = terminal.Out;
        o.WriteLine($"Hessian of the training cost: {s.Parameters} parameters, {s.Samples} samples");
        o.WriteLine($"cost           {G(s.Cost)}");
        o.WriteLine($"gradient norm  {G(s.GradientNorm)}");
        o.WriteLine($"sharpness      λmax = {G(s.Sharpness)}");
        o.WriteLine($"condition      λmax/|λmin| = {G(s.ConditionEstimate)} with λmin = {G(s.SmallestComputed)}: {Meaning(s)}");
        o.WriteLine($"Lanczos        {s.Steps} steps, {(s.Converged ? "converged" : "not converged (see the residuals; raise --steps)")}");
        var table = new Table().AddColumn("").AddColumn(new TableColumn("eigenvalue").RightAligned()).AddColumn(new TableColumn("residual").RightAligned());
        foreach (var (p, i) in s.Top.Select((p, i) => (p, i))) table.AddRow($"top {i + 1}", G(p.Value), p.Residual.ToString("E2", CultureInfo.InvariantCulture));
        foreach (var (p, i) in s.Bottom.Select((p, i) => (p, i))) table.AddRow($"bottom {i + 1}", G(p.Value), p.Residual.ToString("E2", CultureInfo.InvariantCulture));
        Tables.ConsoleFor(terminal).Write(table);
        return ExitCode.Ok;
    }

    private static string Meaning(HessianSpectrum s) => s.SmallestComputed switch
    {
        > 0 => "every computed curvature is positive (a minimum along them)",
        0 => "a flat direction",
        _ => "negative curvature: a saddle, the cost falls along λmin's direction (the ratio compares magnitudes, it is no condition number)",
    };
}
