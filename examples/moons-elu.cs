// Tutorial 004: an ELU hidden layer (α = 2) with one sigmoid output and cross-entropy, Xavier initialisation,
// full-batch gradient descent (learning rate 0.1, 5000 steps): the tutorial's headline run with 3 hidden units and
// its cost curve, then train and test accuracy for hidden sizes 2, 5, 10, 25, 50.
// The tutorial's code differentiates ELU as 0 for z > 0 (not 1) and divides the hidden gradient by m twice; the
// same run with that derivative, as a custom activation, shows what those two slips cost.
// Run from the repository root: dotnet run examples/moons-elu.cs [-- --out DIR]
#:project ../src/FunctionalNet/FunctionalNet.csproj
#:project ../src/FunctionalNet.Plots/FunctionalNet.Plots.csproj
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Plots;
using FunctionalNet.Training;

var clock = System.Diagnostics.Stopwatch.StartNew();
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "docs/images";
Directory.CreateDirectory(outDir);

var (train, test) = Split.TrainTest(Generators.Moons(Rng.Create(4), samples: 1000, noise: 0.2), 0.25, Rng.Create(5));
int m = train.Count;
// dElu as the tutorial codes it (np.where(x <= 0, a·eˣ, 0)), with the extra 1/m its dZ1 = m·(dZ2·W2ᵀ)·dElu(Z1) adds.
var tutorialElu = Activation.Custom("elu(2) with the tutorial's derivative", z => z > 0 ? z : 2 * (Math.Exp(z) - 1),
    (z, _) => z <= 0 ? 2 * Math.Exp(z) / m : 0, (z, _) => z <= 0 ? 2 * Math.Exp(z) / m : 0);

(Architecture Arch, List<TrainingIterate<double>> Trace, double Train, double Test) Run(int hidden, Activation activation)
{
    var arch = Architecture.Mlp([2, hidden, 1], activation, Activation.Sigmoid, Loss.BinaryCrossEntropy).OrThrow();
    var start = Initializer.Xavier.Initialize<double>(arch, Rng.Create(6));
    var trace = Train.Fit(arch, train.ToBatch<double>(arch), Rules.Sgd(0.1).OrThrow(), start, TrainingOptions.Create(maxEpochs: 5000).OrThrow()).OrThrow().ToList();
    double Accuracy(Dataset d) => ClassificationMetrics.Accuracy(d.Labels, Network.PredictLabels(arch, trace[^1].Parameters, d.Features));
    return (arch, trace, Accuracy(train), Accuracy(test));
}

var ours = Run(3, Activation.Elu(2));
var theirs = Run(3, tutorialElu);
Console.WriteLine($"h = 3: train {ours.Train:F3}  test {ours.Test:F3}");
Console.WriteLine($"h = 3 with the tutorial's derivative: train {theirs.Train:F3}  test {theirs.Test:F3}");
File.WriteAllText(Path.Combine(outDir, "moons-elu-h3-cost.svg"), LossChart.Compare([
        ("ELU′ = 1 for z > 0 (ours)", [.. ours.Trace.Skip(1).Select(t => t.TrainingCost)]),
        ("the tutorial's ELU′ and 1/m²", [.. theirs.Trace.Skip(1).Select(t => t.TrainingCost)]),
    ], title: "2-3-1 ELU(2)/sigmoid by gradient descent at 0.1: training cost", xLabel: "iteration", yLabel: "binary cross-entropy"));
File.WriteAllText(Path.Combine(outDir, "moons-elu-h3.svg"), BoundaryChart.Render(
    BoundaryGrid.Evaluate(train.Features, x => Network.Predict(ours.Arch, ours.Trace[^1].Parameters, x)), test.Features, test.Labels, ["0", "1"],
    $"2-3-1 ELU(2), 5000 iterations: test rows, {ours.Test:P1}", "x₀", "x₁"));

var boundaries = new List<string>();
Console.WriteLine("hidden  train   test");
foreach (int hidden in new[] { 2, 5, 10, 25, 50 })
{
    var (arch, trace, trainAccuracy, testAccuracy) = Run(hidden, Activation.Elu(2));
    Console.WriteLine($"{hidden,6}  {trainAccuracy:F3}  {testAccuracy:F3}");
    var grid = BoundaryGrid.Evaluate(train.Features, x => Network.Predict(arch, trace[^1].Parameters, x), nodes: 81);
    boundaries.Add(BoundaryChart.Render(grid, test.Features, test.Labels, ["0", "1"], $"ELU(2), {hidden} hidden: test {testAccuracy:P1}", "x₀", "x₁"));
}
File.WriteAllText(Path.Combine(outDir, "moons-elu-hidden-sizes.svg"), ChartGrid.Compose(boundaries, columns: 3));
Console.WriteLine($"pictures: {outDir}/moons-elu-{{h3,h3-cost,hidden-sizes}}.svg");
Console.WriteLine($"total time {clock.Elapsed.TotalSeconds:F1} s (data, training, pictures; build excluded)");
