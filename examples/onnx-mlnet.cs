// Train on digits in FunctionalNet, export to ONNX (scaler included), score the raw test rows in ML.NET.
// Run from the repository root: dotnet run examples/onnx-mlnet.cs
#:project ../src/FunctionalNet/FunctionalNet.csproj
#:package Microsoft.ML@5.0.1
#:package Microsoft.ML.OnnxTransformer@5.0.1
#:package Microsoft.ML.OnnxRuntime@1.31.1
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

string dir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.GetTempPath();
var (train, test) = Split.TrainTest(Dataset.FromLabelled(BundledDigits.Train), 0.2, Rng.Create(1));
var scaler = StandardScaler.Fit(train);
var arch = Architecture.Mlp([64, 32, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy).OrThrow();
var theta = (from rule in Rules.Adam(1e-3)
             from options in TrainingOptions.Create(maxEpochs: 40, batching: Batching.Shuffled(64), rng: Rng.Create(4))
             from trace in Train.Fit(arch, scaler.Apply(train).ToBatch<double>(arch), rule, Initializer.HeNormal.Initialize<double>(arch, Rng.Create(3)), options)
             select trace.Last().Parameters).OrThrow();

// The ONNX file takes raw pixels: the scaler travels inside it as Sub and Div.
string path = Path.Combine(dir, "digits.onnx");
var onnx = OnnxExport.Write(arch, theta, new OnnxExportOptions(new ScalerCard("standard", scaler.Mean, scaler.Scale)));
File.WriteAllBytes(path, onnx.Match(bytes => bytes, error => throw new InvalidOperationException(error.Message)));

var ml = new MLContext(seed: 0);
var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, test.Count).Select(r => new Digit { Input = test.Features.Row(r).ToArray() }));
var scored = ml.Transforms.ApplyOnnxModel(["label", "probabilities"], ["input"], path).Fit(rows).Transform(rows);
var mlnet = ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).ToArray();

var ours = Network.Predict(arch, theta, scaler.Apply(test).Features);
double worst = Enumerable.Range(0, test.Count).Max(r => mlnet[r].Probabilities.Select((p, j) => Math.Abs(p - ours[r, j])).Max());
int agree = Enumerable.Range(0, test.Count).Count(r => mlnet[r].Label[0] == Network.Labels(ours)[r]);
Console.WriteLine($"wrote {path}");
Console.WriteLine($"ML.NET labels equal Network.PredictLabels on {agree} of {test.Count} test rows");
Console.WriteLine($"largest probability difference {worst:F16}");
Console.WriteLine($"ML.NET test accuracy {mlnet.Zip(test.Labels).Count(p => p.Item1.Label[0] == p.Item2) / (double)test.Count:F4}");

/// <summary>One raw row, as ML.NET feeds the ONNX input [N × 64] (N = 1 per row).</summary>
internal sealed class Digit
{
    [ColumnName("input"), VectorType(64)] public double[] Input { get; set; } = [];
}

/// <summary>The ONNX outputs per row.</summary>
internal sealed class Scored
{
    [ColumnName("label")] public long[] Label { get; set; } = [];
    [ColumnName("probabilities")] public double[] Probabilities { get; set; } = [];
}
