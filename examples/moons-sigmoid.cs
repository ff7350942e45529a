// Tutorial 000: a 2-5-5-2 sigmoid network on two moons by full-batch gradient descent.
// 1000 iterations on 1000 points give a nearly straight boundary; 5000 on 500 points a curved one.
// Run from the repository root: dotnet run examples/moons-sigmoid.cs [-- --out DIR]
#:project ../src/FunctionalNet/FunctionalNet.csproj
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Evaluation;
using FunctionalNet.Formats.Charts;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Randomness;
using FunctionalNet.Training;

var clock = System.Diagnostics.Stopwatch.StartNew();
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "docs/images";
Directory.CreateDirectory(outDir);

var moons = Generators.Moons(Rng.Create(0), samples: 1000, noise: 0.1);
var arch = Architecture.Mlp([2, 5, 5, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy).OrThrow();

var costs = new List<IReadOnlyList<double>>();
foreach (var (samples, iterations, name) in new[] { (1000, 1000, "straight"), (500, 5000, "curved") })
{
    var data = moons.SelectRows([.. Enumerable.Range(0, samples)]);
    var start = Initializer.UniformEpsilon.Initialize<double>(arch, Rng.Create(1));
    var trace = Train.Fit(arch, data.ToBatch<double>(), Rules.Sgd(0.5).OrThrow(), start,
        TrainingOptions.Create(maxEpochs: iterations).OrThrow()).OrThrow().ToList();
    var theta = trace[^1].Parameters;
    double accuracy = ClassificationMetrics.Accuracy(data.Labels, Network.PredictLabels(arch, theta, data.Features));
    Console.WriteLine($"{name}: {iterations} iterations on {samples} samples, cost {trace[^1].TrainingCost:F4}, accuracy {accuracy:F3}");
    costs.Add([.. trace.Skip(1).Select(t => t.TrainingCost)]);

    var grid = BoundaryGrid.Evaluate(data.Features, x => Network.PredictLabels(arch, theta, x));
    File.WriteAllText(Path.Combine(outDir, $"moons-sigmoid-{name}.svg"),
        BoundaryChart.Render(grid, data.Features, data.Labels, ["0", "1"], $"2-5-5-2 sigmoid, {iterations} iterations"));
}
File.WriteAllText(Path.Combine(outDir, "moons-sigmoid-cost.svg"),
    LossChart.Render(costs[1], title: "Cost J(Θ), 5000 iterations on 500 samples", xLabel: "iteration"));
Console.WriteLine($"pictures: {outDir}/moons-sigmoid-{{straight,curved,cost}}.svg");
Console.WriteLine($"total time {clock.Elapsed.TotalSeconds:F1} s (data, training, pictures; build excluded)");
