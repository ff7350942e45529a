// The functional API at its best: data → fitted transform → network → optimizer → lazy trace → early stopping.
// Run from the repository root: dotnet run examples/pipeline.cs
#:project ../src/FunctionalNet/FunctionalNet.csproj
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;

var clock = System.Diagnostics.Stopwatch.StartNew();
var (trainRaw, test) = Split.TrainTest(Dataset.FromLabelled(BundledDigits.Train), 0.2, Rng.Create(1));
var scaler = StandardScaler.Fit(trainRaw);                                    // fitted on training data only
var (train, validation) = Split.TrainTest(scaler.Apply(trainRaw), 0.2, Rng.Create(2));
var arch = Architecture.Mlp([64, 100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, lambda: 1e-4).OrThrow();

var best = (from rule in Rules.Adam(1e-3)
            from options in TrainingOptions.Create(maxEpochs: 200, batching: Batching.Shuffled(64), rng: Rng.Create(4), patience: 3)
            from trace in Train.Fit(arch, train.ToBatch<double>(arch), rule, Initializer.HeNormal.Initialize<double>(arch, Rng.Create(3)),
                                    options, validation: validation.ToBatch<double>(arch))
            select trace
                .Select(it => { if (it.Epoch % 5 == 0) Console.WriteLine($"epoch {it.Epoch,3}  train {it.TrainingCost:F4}  validation {it.ValidationCost:F4}"); return it; })
                .RestoreBest()
                .Last())
           .OrThrow();

var predicted = Network.PredictLabels(arch, best.Parameters, scaler.Apply(test).Features);
Console.WriteLine($"{best.Stop}");
Console.WriteLine($"kept epoch {best.Epoch}; test accuracy {ClassificationMetrics.Accuracy(test.Labels, predicted):F4}");
Console.WriteLine($"total time {clock.Elapsed.TotalSeconds:F1} s (build excluded)");
