using System.Collections.Immutable;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Formats;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Formats;

/// <summary>A random network to export: its architecture, whether it has a scaler, the batch size and the seed of its numbers.</summary>
internal sealed record OnnxCase(Architecture Architecture, bool WithScaler, int Rows, int Seed)
{
    public override string ToString() => $"{Architecture}{(WithScaler ? " with a scaler" : "")} on {Rows} row(s), seed {Seed}";
}

/// <summary>ONNX Runtime, running the exported bytes, agrees with <see cref="Network.Predict{T}"/> on random networks.</summary>
public class OnnxExportProperties
{
    private static Gen<Activation> HiddenActivations =>
        Gen.OneOf(
            Gen.Elements(Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.Relu),
            Gen.Choose(1, 30).Select(a => Activation.Elu(a / 10.0)),
            Gen.Choose(0, 99).Select(a => Activation.LeakyRelu(a / 100.0)));

    private static Gen<Activation> OutputActivations =>
        Gen.OneOf(Gen.Elements(Activation.Softmax, Activation.Sigmoid), Gen.Elements(Activation.Sigmoid), HiddenActivations);

    private static Arbitrary<OnnxCase> Cases =>
        (from hiddenCount in Gen.Choose(0, 3)
         from widths in Gen.ArrayOf(Gen.Choose(1, 10), 3)
         from hidden in Gen.ArrayOf(HiddenActivations, 3)
         from output in OutputActivations
         from inputs in Gen.Choose(1, 6)
         from outputs in Gen.Choose(1, 5)
         from rows in Gen.Choose(1, 8)
         from withScaler in Gen.Elements(false, true)
         from seed in Gen.Choose(0, int.MaxValue)
         let loss = output is Sigmoid ? Loss.BinaryCrossEntropy : output is Softmax ? Loss.CrossEntropy : Loss.SquaredError
         let layers = widths[..hiddenCount].Zip(hidden, (w, a) => new Layer(w, a)).Append(new Layer(outputs, output))
         select new OnnxCase(Architecture.Create(inputs, layers, loss).Match(a => a, e => throw new InvalidOperationException(e.Head.Message)),
             withScaler, rows, seed))
        .ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Onnx_runtime_agrees_with_predict_in_float64() =>
        Prop.ForAll(Cases, c => Agrees<double>(c, tolerance: 1e-12));

    [Property(MaxTest = 300)]
    public Property Onnx_runtime_agrees_with_predict_in_float32() =>
        Prop.ForAll(Cases, c => Agrees<float>(c, tolerance: 1e-6));

    /// <summary>
    /// Outputs agree to <paramref name="tolerance"/> relative to max(1, |expected|) — relative for large values, absolute
    /// below 1, since outputs that cancel to near zero have no meaningful relative error — and labels are identical.
    /// </summary>
    private static void Agrees<T>(OnnxCase c, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var arch = c.Architecture;
        var rng = Rng.Create((ulong)c.Seed);
        var theta = new double[arch.Layout.Count];
        foreach (var (slot, k) in arch.Layout.Slots.Select((s, k) => (s, k)))
            rng.Fork(10 + (ulong)k).FillNormal<double>(theta.AsSpan(slot.WeightOffset, slot.WeightCount + slot.Outputs), 0, 1.5 / Math.Sqrt(slot.Inputs));
        var parameters = Parameters<double>.FromFlat(arch.Layout, theta).Convert<T>();
        var raw = new double[c.Rows * arch.Inputs];
        rng.Fork(1).FillNormal<double>(raw, 3, 4);
        var scaler = c.WithScaler ? RandomScaler(rng.Fork(2), arch.Inputs) : null;
        var rawMatrix = Matrix<double>.Create(c.Rows, arch.Inputs, raw);

        // ONNX Runtime scales in the model's precision (the CLI scales in float64 first), so the reference does too.
        var expected = Network.Predict(arch, parameters, scaler is null ? rawMatrix.Convert<T>() : ScaleIn<T>(scaler, rawMatrix));
        var labels = Network.Labels(expected);
        var bytes = OnnxExport.Write(arch, parameters, new OnnxExportOptions(Scaler: scaler))
            .Match(b => b, e => throw new InvalidOperationException(e.Message));
        var (values, ints) = OnnxRuntimeRun.Run(bytes, rawMatrix.Convert<T>().Span.ToArray(), c.Rows, arch.Inputs);

        if (OnnxExport.IsClassifier(arch))
        {
            var probabilities = values["probabilities"];
            int classes = Math.Max(2, arch.Outputs);
            Assert.Equal([c.Rows, classes], probabilities.Shape);
            for (int r = 0; r < c.Rows; r++)
                for (int j = 0; j < classes; j++)
                {
                    T want = arch.Outputs == 1 ? (j == 1 ? expected[r, 0] : T.One - expected[r, 0]) : expected[r, j];
                    Close(want, probabilities.Values[r * classes + j], tolerance, $"{c}: probabilities[{r}, {j}]");
                }
            Assert.Equal([c.Rows], ints["label"].Shape);
            for (int r = 0; r < c.Rows; r++)
            {
                var tied = Tied(expected, r, tolerance);
                long label = ints["label"].Values[r];
                // Outputs within rounding of the best (saturated sigmoids that round to 1) may win either way.
                Assert.True(tied.Length == 1 ? label == labels[r] : tied.Contains((int)label),
                    $"{c}: row {r} labelled {label} by ONNX Runtime, {labels[r]} by Network.Labels (tied within tolerance: {string.Join(", ", tied)})");
            }
        }
        else
        {
            var variable = values["variable"];
            Assert.Equal([c.Rows, arch.Outputs], variable.Shape);
            for (int i = 0; i < expected.Span.Length; i++)
                Close(expected.Span[i], variable.Values[i], tolerance, $"{c}: variable[{i / arch.Outputs}, {i % arch.Outputs}]");
        }
    }

    /// <summary>The labels whose output is within <paramref name="tolerance"/> of deciding row <paramref name="r"/>.</summary>
    private static int[] Tied<T>(Matrix<T> outputs, int r, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = outputs.Row(r).ToArray().Select(double.CreateTruncating).ToArray();
        if (row.Length == 1) return Math.Abs(row[0] - 0.5) <= tolerance ? [0, 1] : [row[0] >= 0.5 ? 1 : 0];
        double best = row.Max();
        return [.. Enumerable.Range(0, row.Length).Where(j => row[j] >= best - tolerance * Math.Max(1, Math.Abs(best)))];
    }

    private static Matrix<T> ScaleIn<T>(ScalerCard scaler, Matrix<double> raw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = raw.Convert<T>().Span.ToArray();
        for (int i = 0; i < x.Length; i++)
            x[i] = (x[i] - T.CreateTruncating(scaler.Offset[i % raw.Cols])) / T.CreateTruncating(scaler.Scale[i % raw.Cols]);
        return Matrix<T>.Create(raw.Rows, raw.Cols, x);
    }

    private static ScalerCard RandomScaler(Rng rng, int n)
    {
        var offset = new double[n];
        var scale = new double[n];
        rng.Fork(0).FillNormal<double>(offset, 3, 2);
        rng.Fork(1).FillUniform<double>(scale, 0.5, 5);
        // A negative scale is legal in the card's affine map; keep one in play.
        if (n > 1) scale[^1] = -scale[^1];
        return new ScalerCard("standard", [.. offset], [.. scale]);
    }

    private static void Close<T>(T expected, T actual, double tolerance, string where) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double e = double.CreateTruncating(expected), a = double.CreateTruncating(actual);
        Assert.True(Math.Abs(e - a) <= tolerance * Math.Max(1, Math.Abs(e)), $"{where}: ONNX Runtime {a:R}, Network.Predict {e:R}");
    }
}
