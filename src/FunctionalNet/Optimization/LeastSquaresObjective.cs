using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Model.Losses;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Optimization;

/// <summary>
/// Writes the residuals r(x) and, unless <paramref name="jacobian"/> is empty, the Jacobian ∂r/∂x as a row-major
/// [residuals × dimension] matrix.
/// </summary>
public delegate void ResidualFunction(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian);

/// <summary>f(x) = ½‖r(x)‖², the shape Levenberg–Marquardt needs: residuals and their Jacobian.</summary>
/// <param name="Dimension">Length of x.</param>
/// <param name="Residuals">Length of r.</param>
/// <param name="Evaluate">Computes r and optionally ∂r/∂x.</param>
public sealed record LeastSquaresObjective(int Dimension, int Residuals, ResidualFunction Evaluate)
{
    /// <summary>
    /// A squared-error network as least squares: r = [(a − y)/√m per sample and output; √(λ/m)·w per weight], so that
    /// ½‖r‖² is exactly the network's cost. Jacobian columns come from forward-mode (R-operator) passes, one per parameter,
    /// so this suits small networks (the MATLAB <c>trainlm</c> use case). With sample weights the residuals of sample i
    /// are scaled by √wᵢ/√Σw instead of 1/√m, so ½‖r‖² is the weighted cost.
    /// </summary>
    public static Validation<Error, LeastSquaresObjective> ForNetwork(Architecture architecture, Batch<double> batch)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(batch);
        if (architecture.Loss is not SquaredError)
            return Validation<Error, LeastSquaresObjective>.Fail(Seq1(new Error("lm.loss",
                $"Levenberg–Marquardt needs the squared-error loss (mse), found {architecture.Loss.Name}")));
        if (batch.Features.Cols != architecture.Inputs || batch.Targets.Cols != architecture.Outputs)
            return Validation<Error, LeastSquaresObjective>.Fail(Seq1(new Error("lm.batch",
                $"the network {architecture.Shape} needs {architecture.Inputs} features and {architecture.Outputs} targets, found {batch.Features.Cols} and {batch.Targets.Cols}")));

        var layout = architecture.Layout;
        int m = batch.Count, outputs = architecture.Outputs, n = layout.Count;
        var weights = layout.Slots.SelectMany(s => Enumerable.Range(s.WeightOffset, s.WeightCount)).ToArray();
        bool decay = architecture.Lambda > 0;
        int count = m * outputs + (decay ? weights.Length : 0);
        double decayScale = Math.Sqrt(architecture.Lambda / m);
        var scales = RowScales(batch);

        return Success<Error, LeastSquaresObjective>(new LeastSquaresObjective(n, count, (x, r, jacobian) =>
        {
            // One workspace per Jacobian: its forward pass is the residuals' and its tangent buffers serve every column.
            var workspace = new HessianWorkspace<double>(architecture, m);
            var pass = workspace.Pass;
            pass.Rerun(x, batch.Features.Span, m);
            var y = batch.Targets.Span;
            for (int i = 0; i < m * outputs; i++) r[i] = (pass.Output[i] - y[i]) * scales[i / outputs];
            if (decay)
                for (int w = 0; w < weights.Length; w++) r[m * outputs + w] = decayScale * x[weights[w]];
            if (jacobian.IsEmpty) return;

            jacobian.Clear();
            var direction = new double[n];
            for (int j = 0; j < n; j++)
            {
                direction[j] = 1;
                HessianVector.TangentForward(workspace, x, direction, batch.Features.Span, m);
                direction[j] = 0;
                var column = workspace.Ra(m)[^1];
                for (int i = 0; i < m * outputs; i++) jacobian[i * n + j] = column[i] * scales[i / outputs];
            }
            if (decay)
                for (int w = 0; w < weights.Length; w++) jacobian[(m * outputs + w) * n + weights[w]] = decayScale;
        }));
    }

    // 1/√m per row, or √wᵢ/√Σw (1/√m again for all-ones weights; 0 for every row when all weights are 0).
    private static double[] RowScales(Batch<double> batch)
    {
        int m = batch.Count;
        var weights = batch.WeightSpan;
        if (weights.IsEmpty) return Enumerable.Repeat(1 / Math.Sqrt(m), m).ToArray();
        double root = Math.Sqrt(SampleWeights.Total(weights, m));
        var scales = new double[m];
        for (int i = 0; i < m; i++) scales[i] = root == 0 ? 0 : Math.Sqrt(weights[i]) / root;
        return scales;
    }
}
