using System.Globalization;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// A minimizer session's evaluations with X packed per product (as before) and packed once (<see cref="PackedInput{T}"/>),
/// at one and two threads, for digits-tnc (gradient, Hv at the gradient's pass) and digits-lbfgs (gradient): the four
/// variants alternate round by round in one process, so a loaded machine slows them alike (`session [repeats] [rounds]`).
/// </summary>
internal static class SessionProbe
{
    public static void Run(int repeats, int rounds)
    {
        const int m = 1347;
        var x = new double[m * 64]; Rng.Create(1).FillUniform<double>(x, 0, 1);
        var y = new double[m * 10]; for (int r = 0; r < m; r++) y[r * 10 + r % 10] = 1;
        var input = Matrix<double>.Create(m, 64, x);
        var tnc = Net([64, 25, 10], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 1);
        var lbfgs = Net([64, 100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4);
        var variants = (from packed in new[] { false, true } from threads in new[] { 1, 2 } select (packed, threads)).ToArray();
        var best = new Dictionary<string, double>();
        for (int round = 0; round < rounds; round++)
            foreach (var (packed, threads) in variants)
            {
                string tag = $"{(packed ? "packed once" : "per product")}, {threads} thread{(threads > 1 ? "s" : "")}";
                Time($"tnc gradient, {tag}", Gradient(tnc, input, y, packed, threads, out var tncHv));
                Time($"tnc Hv (pass current), {tag}", tncHv);
                Time($"lbfgs gradient, {tag}", Gradient(lbfgs, input, y, packed, threads, out _));
            }
        foreach (var (name, seconds) in best)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-45} best {seconds * 1e6,8:F1} µs"));

        void Time(string name, Action run)
        {
            double t = ProbeTiming.SortedSeconds(repeats, run)[0];
            best[name] = best.TryGetValue(name, out var b) ? Math.Min(b, t) : t;
        }
    }

    private static Action Gradient(Architecture net, Matrix<double> x, double[] y, bool packed, int threads, out Action hessianVector)
    {
        int m = x.Rows;
        var t = Initializer.Uniform(0.12).Initialize<double>(net, Rng.Create(0)).Flat.ToArray();
        var v = new double[t.Length]; Rng.Create(2).FillNormal<double>(v, 0, 1);
        var ws = new Workspace<double>(net, m, new Parallelism(threads));
        if (packed) ws.Pass.PackedInput = new PackedInput<double>(x);
        var hw = new HessianWorkspace<double>(net, m, ws.Pass);
        var g = new double[t.Length]; var hv = new double[t.Length];
        Backpropagation.Run(ws, t, x.Span, y, m, g);
        hessianVector = () => HessianVector.Run(hw, t, v, x.Span, y, m, hv, true);
        return () => Backpropagation.Run(ws, t, x.Span, y, m, g);
    }

    private static Architecture Net(int[] shape, Activation hidden, Activation output, Loss loss, double lambda) =>
        Architecture.Mlp(shape, hidden, output, loss, lambda).Match(a => a, e => throw new InvalidOperationException(string.Join("; ", e)));
}
