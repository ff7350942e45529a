using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunctionalNet.Tests.Support;

/// <summary>One output of an ONNX Runtime run: its shape and values.</summary>
internal sealed record OnnxOutput<T>(long[] Shape, T[] Values);

/// <summary>Runs exported ONNX bytes in ONNX Runtime (the independent judge of the exporter).</summary>
internal static class OnnxRuntimeRun
{
    /// <summary>Feeds <paramref name="features"/> [rows × cols] as <c>input</c>; returns every output by name.</summary>
    public static (Dictionary<string, OnnxOutput<T>> Values, Dictionary<string, OnnxOutput<long>> Labels) Run<T>(byte[] model, T[] features, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var input = OrtValue.CreateTensorValueFromMemory(features, [rows, cols]);
        return Run<T>(model, new Dictionary<string, OrtValue> { ["input"] = input });
    }

    /// <summary>Feeds each of <paramref name="inputs"/> under its name (a table model's raw columns); returns every output by name.</summary>
    public static (Dictionary<string, OnnxOutput<T>> Values, Dictionary<string, OnnxOutput<long>> Labels) Run<T>(byte[] model, IReadOnlyDictionary<string, OrtValue> inputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One thread: the test machines have two cores shared with the rest of the suite.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var run = new RunOptions();
        using var outputs = session.Run(run, inputs, session.OutputNames);
        var values = new Dictionary<string, OnnxOutput<T>>();
        var labels = new Dictionary<string, OnnxOutput<long>>();
        foreach (var (name, value) in session.OutputNames.Zip(outputs))
        {
            var shape = value.GetTensorTypeAndShape().Shape;
            if (value.GetTensorTypeAndShape().ElementDataType == TensorElementType.Int64)
                labels[name] = new(shape, value.GetTensorDataAsSpan<long>().ToArray());
            else
                values[name] = new(shape, value.GetTensorDataAsSpan<T>().ToArray());
        }
        return (values, labels);
    }
}
