// Tutorial 002: logistic regression draws a straight line through 200 noisy moons; a tanh hidden layer with a
// softmax output bends it. Hidden sizes 1, 2, 3, 4, 5, 20, 50 compared by their decision boundaries.
// The tutorial sums gradients over the 200 samples with ε = 0.01; FunctionalNet averages them, so the same
// steps use a learning rate of 0.01 × 200 = 2 (λ = 0.01 has the same λ/2m meaning in both).
// Run from the repository root: dotnet run examples/moons-softmax.cs [-- --out DIR]
#:project ../src/FunctionalNet/FunctionalNet.csproj
#:project ../src/FunctionalNet.Plots/FunctionalNet.Plots.csproj
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Plots;
using FunctionalNet.Training;

var clock = System.Diagnostics.Stopwatch.StartNew();
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "docs/images";
int passes = args.Contains("--quick") ? 2000 : 20000;
Directory.CreateDirectory(outDir);

var moons = Generators.Moons(Rng.Create(0), samples: 200, noise: 0.2);
var batch = moons.ToBatch<double>(2);
string[] classes = ["0", "1"];

// Logistic regression: the same calculus with no hidden layer, fitted by L-BFGS (the problem is convex).
var logistic = Baselines.LogisticRegression(moons).OrThrow();
var fitted = Train.Minimize(logistic, moons.ToBatch<double>(logistic), Minimizer.Lbfgs().OrThrow(), Parameters<double>.Zeros(logistic.Layout),
    TrainingOptions.Create(maxEpochs: 500).OrThrow()).OrThrow().Last().Parameters;
Report("logistic regression", logistic, fitted, "moons-softmax-logistic.svg");

var boundaries = new List<string>();
foreach (int hidden in new[] { 1, 2, 3, 4, 5, 20, 50 })
{
    var arch = Architecture.Mlp([2, hidden, 2], Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, lambda: 0.01).OrThrow();
    var start = Initializer.ScaledNormal.Initialize<double>(arch, Rng.Create(0));
    var theta = Train.Fit(arch, batch, Rules.Sgd(2.0).OrThrow(), start, TrainingOptions.Create(maxEpochs: passes).OrThrow())
        .OrThrow().Last().Parameters;
    boundaries.Add(Report($"hidden layer of {hidden}", arch, theta, null));
}
File.WriteAllText(Path.Combine(outDir, "moons-softmax-hidden-sizes.svg"), ChartGrid.Compose(boundaries, columns: 4));
Console.WriteLine($"pictures: {outDir}/moons-softmax-logistic.svg, moons-softmax-hidden-sizes.svg");

Console.WriteLine($"total time {clock.Elapsed.TotalSeconds:F1} s (data, training, pictures; build excluded)");

string Report(string name, Architecture arch, Parameters<double> theta, string? file)
{
    double accuracy = ClassificationMetrics.Accuracy(moons.Labels, Network.PredictLabels(arch, theta, moons.Features));
    double cost = Network.Cost(arch, theta, moons.ToBatch<double>(arch));
    Console.WriteLine($"{name}: cost {cost:F4}, accuracy {accuracy:F3}");
    var grid = BoundaryGrid.Evaluate(moons.Features, x => Network.Predict(arch, theta, x), nodes: file is null ? 81 : 121);
    string svg = BoundaryChart.Render(grid, moons.Features, moons.Labels, classes, $"{name} ({accuracy:P1})", "x₀", "x₁");
    if (file is not null) File.WriteAllText(Path.Combine(outDir, file), svg);
    return svg;
}
