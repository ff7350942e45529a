// A trained model as a value: train, wrap the result as a Classifier (or Regressor) in one call, save and reload it
// in one line each, and predict bit-identically. Run from the repository root: dotnet run examples/model-roundtrip.cs
// (add -- --out DIR to keep the model directories; they go to a temporary directory otherwise).
#:project ../src/FunctionalNet/FunctionalNet.csproj
#:project ../src/FunctionalNet.IO/FunctionalNet.IO.csproj
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

string root = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Directory.CreateTempSubdirectory("fnet-models-").FullName;

// A classifier: the bundled digits, standard scaling, Adam in float32.
var (digits, digitsTest) = Split.TrainTest(Dataset.FromLabelled(BundledDigits.Train), 0.2, Rng.Create(1));
var scaler = StandardScaler.Fit(digits);
var net = Architecture.Mlp([64, 32, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, lambda: 1e-4).OrThrow();
var fitted = (from rule in Rules.Adam(1e-3)
              from options in TrainingOptions.Create(maxEpochs: 40, batching: Batching.Shuffled(32), rng: Rng.Create(4))
              from trace in Train.Fit(net, scaler.Apply(digits).ToBatch<float>(net), rule, Initializer.HeNormal.Initialize<float>(net, Rng.Create(3)), options)
              select trace.Last()).OrThrow();
var classifier = Classifier.From(fitted, net, digits, scaler).OrThrow();

ModelFiles.Save(Path.Combine(root, "digits"), classifier).OrThrow();
var reloaded = ModelFiles.LoadClassifier(Path.Combine(root, "digits")).OrThrow();

Console.WriteLine($"classifier {reloaded.Architecture.Shape} {reloaded.Weights.Dtype}, classes {string.Join(" ", reloaded.Classes)}");
Console.WriteLine($"classifier test accuracy {classifier.Score(digitsTest):F4}, reloaded {reloaded.Score(digitsTest):F4}");
Console.WriteLine($"classifier predictions identical after reload: {Same(classifier.PredictProba(digitsTest.Features), reloaded.PredictProba(digitsTest.Features))}");

// A regressor: y = sin(a) + b²/2 on random points, scaled features and targets, Adam in float64.
var rng = Rng.Create(7);
var x = new double[600 * 2];
rng.FillUniform<double>(x, -2, 2);
var points = Matrix<double>.Create(600, 2, x);
var y = Matrix<double>.Create(600, 1, [.. Enumerable.Range(0, 600).Select(r => Math.Sin(points[r, 0]) + points[r, 1] * points[r, 1] / 2)]);
var (curve, curveTest) = Split.TrainTest(Dataset.Regression(points, y, ["y"], ["a", "b"]), 0.25, Rng.Create(8), stratify: false);
var features = StandardScaler.Fit(curve);
var targets = StandardScaler.Fit(curve.Targets.ToMatrix());
var scaled = new Dataset(features.Transform(curve.Features), new ValueTargets(targets.Transform(curve.Targets.ToMatrix()), ["y"], false));
var regression = Architecture.Mlp([2, 32, 1], Activation.Tanh, Activation.Identity, Loss.SquaredError).OrThrow();
var trained = (from rule in Rules.Adam(3e-3)
               from options in TrainingOptions.Create(maxEpochs: 300, batching: Batching.Shuffled(32), rng: Rng.Create(9))
               from trace in Train.Fit(regression, scaled.ToBatch<double>(regression), rule, Initializer.Xavier.Initialize<double>(regression, Rng.Create(10)), options)
               select trace.Last()).OrThrow();
var regressor = Regressor.From(trained, regression, curve, features, targets).OrThrow();

ModelFiles.Save(Path.Combine(root, "curve"), regressor).OrThrow();
var again = ModelFiles.LoadRegressor(Path.Combine(root, "curve")).OrThrow();

Console.WriteLine($"regressor test R² {regressor.Score(curveTest):F4}, reloaded {again.Score(curveTest):F4}");
Console.WriteLine($"regressor predictions identical after reload: {Same(regressor.Predict(curveTest.Features), again.Predict(curveTest.Features))}");
Console.WriteLine($"saved in {root}");

// Bit for bit, not within a tolerance: the reloaded model computes exactly what the trained one did.
static bool Same(Matrix<double> a, Matrix<double> b) =>
    a.Span.ToArray().Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Span.ToArray().Select(BitConverter.DoubleToInt64Bits));
