using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Bench;

/// <summary>
/// A classifier to score and rows to score it on, for the <c>predict-row</c> workload and its BenchmarkDotNet
/// class: the iris-sized 4-16-3 or the digits-sized 64-100-10 (ReLU, softmax, a standard scaler), float32 or float64,
/// with initialised rather than trained weights (scoring time does not depend on their values).
/// </summary>
public sealed record ScoringModel(string Name, Classifier Classifier, double[] Rows, int Count)
{
    /// <summary>The sizes the workload measures: iris-sized and digits-sized.</summary>
    public static IReadOnlyList<string> Names { get; } = ["iris", "digits"];

    /// <summary>The model <paramref name="name"/> in <paramref name="dtype"/> (float32 or float64) with <paramref name="count"/> rows.</summary>
    public static ScoringModel Create(string name, string dtype, int count)
    {
        var (inputs, hidden, classes) = name switch
        {
            "iris" => (4, 16, 3),
            "digits" => (64, 100, 10),
            _ => throw new ArgumentException($"no scoring model '{name}'; expected iris or digits", nameof(name)),
        };
        var architecture = Architecture.Mlp([inputs, hidden, classes], Activation.Relu, Activation.Softmax, Loss.CrossEntropy)
            .Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e.Select(x => x.Message))));
        var parameters = Initializer.Xavier.Initialize<double>(architecture, Rng.Create(1));
        NetworkWeights weights = dtype == "float32" ? new NetworkWeights.F32(parameters.Convert<float>()) : new NetworkWeights.F64(parameters);
        // Features as the raw data has them (digits 0–16), so the scaler does real work.
        var rows = new double[count * inputs];
        Rng.Create(2).FillUniform<double>(rows, 0, 16);
        var scaler = new ScalerCard("standard", [.. Enumerable.Repeat(8.0, inputs)], [.. Enumerable.Repeat(4.6, inputs)]);
        var classifier = Classifier.Create(architecture, weights, scaler, [.. Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture))],
            ImmutableArray<string>.Empty, TrainingSummary.None).Match(c => c, e => throw new InvalidOperationException(e.Message));
        return new ScoringModel(name, classifier, rows, count);
    }

    /// <summary>The network's shape, e.g. 4-16-3.</summary>
    public string Shape => Classifier.Architecture.Shape;

    /// <summary>The exported ONNX model (scaler included), in the weights' own precision.</summary>
    public byte[] Onnx()
    {
        var options = new OnnxExportOptions(Classifier.Scaler);
        return (Classifier.Weights switch
        {
            NetworkWeights.F32 s => OnnxExport.Write(Classifier.Architecture, s.Parameters, options),
            NetworkWeights.F64 d => OnnxExport.Write(Classifier.Architecture, d.Parameters, options),
            _ => throw new InvalidOperationException("unknown weights"),
        }).Match(b => b, e => throw new InvalidOperationException(e.Message));
    }

    /// <summary>The rows in <typeparamref name="T"/>, the precision both implementations read.</summary>
    public T[] RowsAs<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => [.. Rows.Select(T.CreateTruncating)];
}
