// Tutorial 004: an ELU hidden layer (α = 2) with one sigmoid output and cross-entropy, Xavier initialisation,
// full-batch gradient descent (learning rate 0.1), train and test accuracy for hidden sizes 2, 5, 10, 25, 50.
// Run from the repository root: dotnet run examples/moons-elu.cs [-- --out DIR]
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

var (train, test) = Split.TrainTest(Generators.Moons(Rng.Create(4), samples: 1000, noise: 0.2), 0.25, Rng.Create(5));
var boundaries = new List<string>();
Console.WriteLine("hidden  train   test");
foreach (int hidden in new[] { 2, 5, 10, 25, 50 })
{
    var arch = Architecture.Mlp([2, hidden, 1], Activation.Elu(2), Activation.Sigmoid, Loss.BinaryCrossEntropy).OrThrow();
    var start = Initializer.Xavier.Initialize<double>(arch, Rng.Create(6));
    var theta = Train.Fit(arch, train.ToBatch<double>(arch), Rules.Sgd(0.1).OrThrow(), start,
        TrainingOptions.Create(maxEpochs: 5000).OrThrow()).OrThrow().Last().Parameters;
    double Accuracy(Dataset d) => ClassificationMetrics.Accuracy(d.Labels, Network.PredictLabels(arch, theta, d.Features));
    Console.WriteLine($"{hidden,6}  {Accuracy(train):F3}  {Accuracy(test):F3}");
    var grid = BoundaryGrid.Evaluate(train.Features, x => Network.PredictLabels(arch, theta, x));
    boundaries.Add(BoundaryChart.Render(grid, test.Features, test.Labels, ["0", "1"], $"ELU(2), {hidden} hidden: test {Accuracy(test):P1}"));
}
File.WriteAllText(Path.Combine(outDir, "moons-elu-hidden-sizes.svg"), ChartGrid.Compose(boundaries, columns: 3));
Console.WriteLine($"picture: {outDir}/moons-elu-hidden-sizes.svg");
Console.WriteLine($"total time {clock.Elapsed.TotalSeconds:F1} s (data, training, pictures; build excluded)");
