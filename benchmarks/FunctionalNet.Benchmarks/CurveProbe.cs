using System.Globalization;
using FunctionalNet.Bench;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// Seconds per epoch of tabular-large's network family (32 inputs, <c>depth</c> ReLU layers of <c>width</c> units,
/// one linear output, half squared error, Adam batch 256, float32) on the first <c>rows</c> rows of
/// <see cref="TabularData"/>, one JSON line per point: the FunctionalNet side of benchmarks/scale/curves.py.
/// </summary>
internal static class CurveProbe
{
    /// <param name="points">rows:width:depth triples separated by commas.</param>
    /// <param name="threads">Threads the products may use.</param>
    public static void Run(string points, int threads)
    {
        var context = new BenchContext(new BenchOptions([], threads, false, null));
        foreach (var point in points.Split(','))
        {
            var p = point.Split(':').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var (rows, width, depth) = (p[0], p[1], p[2]);
            var architecture = Workloads.Build(TabularData.Features, [.. Enumerable.Repeat(width, depth), 1], Activation.Relu, Activation.Identity, Loss.SquaredError, 0);
            var start = Initializer.UniformEpsilon.Initialize<float>(architecture, Rng.Create(0));
            var data = TabularData.Generate(rows);
            double Epoch() => Workloads.Fit(context, architecture, data, Rules.Adam(1e-3), start, Batching.Shuffled(256), 1, Rng.Create(5)).Seconds;
            // The first epoch warms the JIT and the pools; then the best of a few more, fewer for the long ones (past
            // 2 s the first counts: the code is warm from the smaller points by then), as curves.py does for PyTorch.
            double best = Epoch();
            for (int i = 0, more = best < 0.5 ? 3 : best < 2 ? 1 : 0; i < more; i++) best = Math.Min(best, Epoch());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $$"""{"impl":"functionalnet","rows":{{rows}},"width":{{width}},"depth":{{depth}},"threads":{{threads}},"seconds":{{best:G6}}}"""));
        }
    }
}
