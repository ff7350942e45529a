// Tutorial 001: a reusable classifier configured by hidden layer sizes, λ and a budget, whose weights are
// flattened into one vector and fitted by truncated Newton (TNC) with the analytic gradient — here with exact
// Hessian-vector products as well. Data: the bundled 8×8 digits (the tutorial used 20×20 ones).
// Run from the repository root: dotnet run examples/digits-tnc.cs [-- --out DIR]
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
using FunctionalNet.Plots;
using FunctionalNet.Training;

var clock = System.Diagnostics.Stopwatch.StartNew();
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? "docs/images";
Directory.CreateDirectory(outDir);

var train = Dataset.FromLabelled(BundledDigits.Train.Scale(1.0 / 16));   // pixels 0–16 to [0, 1]
var test = Dataset.FromLabelled(BundledDigits.Test.Scale(1.0 / 16));

var classifier = new TncClassifier(HiddenSizes: [25], Lambda: 1.0, MaxEvaluations: 200);
var (arch, theta, trace) = classifier.Fit(train);
var predicted = Network.PredictLabels(arch, theta, test.Features);
var report = ClassificationReport.Compute(test.Labels, predicted, [.. Enumerable.Range(0, 10).Select(i => i.ToString())]);
var confusion = ConfusionMatrix.Compute(test.Labels, predicted, 10);

Console.WriteLine($"network {arch}");
Console.WriteLine($"TNC: {trace[^1].Evaluations} function evaluations, final cost {trace[^1].TrainingCost:F4} ({trace[^1].Stop})");
Console.WriteLine($"train accuracy {ClassificationMetrics.Accuracy(train.Labels, Network.PredictLabels(arch, theta, train.Features)):F4}");
Console.WriteLine($"test accuracy {report.Accuracy:F4}");
Console.WriteLine(confusion.ToText());
File.WriteAllText(Path.Combine(outDir, "digits-tnc-confusion.svg"),
    ConfusionChart.RenderBoth([.. Enumerable.Range(0, 10).Select(i => (IReadOnlyList<int>)[.. Enumerable.Range(0, 10).Select(j => confusion[i, j])])],
        [.. Enumerable.Range(0, 10).Select(i => i.ToString())], "Digits, 64-25-10 sigmoid by TNC, test rows"));
File.WriteAllText(Path.Combine(outDir, "digits-tnc-cost.svg"),
    LossChart.Render([.. trace.Skip(1).Select(t => t.TrainingCost)], logScale: true, title: "Digits, 64-25-10 sigmoid by TNC: cost J(Θ)", xLabel: "iteration",
        yLabel: "cross-entropy + L2"));

Console.WriteLine($"total time {clock.Elapsed.TotalSeconds:F1} s (data, training, pictures; build excluded)");

/// <summary>The tutorial's classifier: sigmoid layers, per-output cross-entropy with L2, TNC on the flat Θ.</summary>
sealed record TncClassifier(int[] HiddenSizes, double Lambda, int MaxEvaluations, ulong Seed = 0)
{
    public (Architecture, Parameters<double>, List<TrainingIterate<double>>) Fit(Dataset data)
    {
        int classes = data.Classes.ClassCount;
        var arch = Architecture.Mlp([data.FeatureCount, .. HiddenSizes, classes], Activation.Sigmoid, Activation.Sigmoid,
            Loss.BinaryCrossEntropy, Lambda).OrThrow();
        var start = Initializer.UniformEpsilon.Initialize<double>(arch, Rng.Create(Seed));
        var tnc = Minimizer.TruncatedNewton(stopping: StoppingRules.Create(maxEvaluations: MaxEvaluations).OrThrow()).OrThrow();
        var trace = Train.Minimize(arch, data.ToBatch<double>(classes), tnc, start,
            TrainingOptions.Create(maxEpochs: MaxEvaluations).OrThrow()).OrThrow().ToList();
        return (arch, trace[^1].Parameters, trace);
    }
}
