using System.Numerics;
using Microsoft.ML.OnnxRuntime;

namespace FunctionalNet.Bench;

/// <summary>
/// ONNX Runtime scoring an exported classifier the way a service would at its best: one session, input and output
/// tensors created once over pinned arrays of a fixed number of rows, and every call copying its rows into the
/// input and running into the same outputs (no result objects).
/// </summary>
internal sealed class OnnxScorer<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly InferenceSession session;
    private readonly RunOptions run = new();
    private readonly T[] input;
    private readonly OrtValue[] inputs;
    private readonly OrtValue[] outputs;
    private readonly string[] inputNames = ["input"];
    private readonly string[] outputNames = ["label", "probabilities"];

    public OnnxScorer(byte[] model, int rows, int features, int classes, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        session = new InferenceSession(model, options);
        input = new T[rows * features];
        Labels = new long[rows];
        Probabilities = new T[rows * classes];
        inputs = [OrtValue.CreateTensorValueFromMemory(input, [rows, features])];
        outputs = [OrtValue.CreateTensorValueFromMemory(Labels, [rows]), OrtValue.CreateTensorValueFromMemory(Probabilities, [rows, classes])];
    }

    /// <summary>The labels of the last run.</summary>
    public long[] Labels { get; }

    /// <summary>The probabilities of the last run.</summary>
    public T[] Probabilities { get; }

    /// <summary>Scores <paramref name="rows"/> (exactly the rows this scorer was made for); the results are in <see cref="Labels"/>.</summary>
    public void Score(ReadOnlySpan<T> rows)
    {
        rows.CopyTo(input);
        session.Run(run, inputNames, inputs, outputNames, outputs);
    }

    public void Dispose()
    {
        foreach (var value in inputs.Concat(outputs)) value.Dispose();
        run.Dispose();
        session.Dispose();
    }
}
