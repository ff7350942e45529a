using System.Collections.Immutable;
using System.Numerics.Tensors;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Kernels;
using FunctionalNet.Model;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet.Curvature;

/// <summary>
/// A low-rank Laplace approximation of a classifier's weight posterior around its trained weights θ*: a Gaussian with
/// precision m·U Λ₊ Uᵀ + τ I, where U, Λ are the top Lanczos eigenpairs of the cost's Hessian (the cost is a mean over
/// m rows, so m·H is the Hessian of the negative log-likelihood; negative eigenvalues are clipped to 0, since the
/// approximation assumes a minimum) and τ an isotropic prior precision. Its covariance is
/// Σ = U diag(1/(m λᵢ₊ + τ)) Uᵀ + (I − U Uᵀ)/τ: the k sharpest directions are pinned down by the data, every other
/// direction keeps the prior's variance 1/τ.
/// </summary>
/// <remarks>
/// Predictive uncertainty is by linearisation (the "GLM predictive"): weights are drawn from the posterior with a
/// seeded <see cref="Rng"/>, each draw's change of the logits is one exact Jacobian-vector product J(x)·δ (the forward
/// R-pass), and the output activation turns the perturbed logits into probabilities. Linearising keeps the draws
/// on the network's tangent plane, where the Gaussian is meaningful; sampling logits rather than using J of the
/// probabilities keeps the spread from vanishing where the sigmoid or softmax saturates.
/// </remarks>
public sealed record LaplaceApproximation
{
    private LaplaceApproximation(Architecture architecture, Parameters<double> mode, ImmutableArray<RitzPair> directions, int samples, double priorPrecision)
    {
        Architecture = architecture;
        Mode = mode;
        Directions = directions;
        Samples = samples;
        PriorPrecision = priorPrecision;
    }

    /// <summary>The network.</summary>
    public Architecture Architecture { get; }

    /// <summary>θ*, the weights the posterior is centred on.</summary>
    public Parameters<double> Mode { get; }

    /// <summary>The top Hessian eigenpairs that shape the posterior, largest first.</summary>
    public ImmutableArray<RitzPair> Directions { get; }

    /// <summary>m, the rows the cost (and so the likelihood) was taken on.</summary>
    public int Samples { get; }

    /// <summary>τ, the isotropic prior precision.</summary>
    public double PriorPrecision { get; }

    /// <summary>
    /// The default prior precision: the L2 strength λ, which is the Gaussian prior precision on the weights that the
    /// training cost implies (m·J = Σ loss + λ/2 ‖w‖²), raised to 1 when weaker, so that directions the data does not
    /// determine do not carry a vaguer prior than a unit Gaussian.
    /// </summary>
    public static double DefaultPriorPrecision(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return Math.Max(architecture.Lambda, 1);
    }

    /// <summary>
    /// The Laplace approximation of a probability classifier (softmax, or one sigmoid unit) at <paramref name="parameters"/>
    /// from <paramref name="batch"/>, its (scaled) training rows: the top <paramref name="rank"/> Hessian eigenpairs by
    /// Lanczos (its tolerance, step cap and seed from <paramref name="options"/>) and prior precision
    /// <paramref name="priorPrecision"/> (default <see cref="DefaultPriorPrecision"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The parameters or batch do not fit the architecture.</exception>
    public static Either<Error, LaplaceApproximation> Fit(Architecture architecture, Parameters<double> parameters, Batch<double> batch, int rank = 10,
        double? priorPrecision = null, LanczosOptions? options = null, Parallelism? parallelism = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (!Classifier.GivesProbabilities(architecture))
            return new Error("laplace.outputs", $"a Laplace predictive needs class probabilities (softmax, or one sigmoid output), found {architecture.Outputs} {architecture.Output.Activation} output(s)");
        double tau = priorPrecision ?? DefaultPriorPrecision(architecture);
        if (!(tau > 0) || double.IsInfinity(tau)) return new Error("laplace.prior", $"the prior precision must be positive and finite, found {tau}");
        if (rank < 1) return new Error("laplace.rank", $"the Laplace approximation needs at least 1 eigenpair, found {rank}");
        return
            from spectrum in HessianSpectrum.Compute(architecture, parameters, batch, (options ?? LanczosOptions.Default) with { Top = rank, Bottom = 0 }, parallelism)
            select new LaplaceApproximation(architecture, parameters, spectrum.Top, batch.Count, tau);
    }

    /// <summary>
    /// The predictive spread of every row of <paramref name="features"/> (already scaled, as the network sees them):
    /// the standard deviation, over <paramref name="draws"/> posterior weight draws seeded by <paramref name="seed"/>, of
    /// the probability of the class the trained weights predict (for one sigmoid output the two classes' spreads are equal).
    /// The draws are shared by every row, so the result does not depend on how rows are grouped or on the thread count.
    /// With a <paramref name="calibration"/> (the model's <see cref="Classifier.Calibration"/>) each drawn logit row is
    /// calibrated before its probabilities are taken, so the spread is that of the probability the model reports.
    /// </summary>
    /// <exception cref="ArgumentException">The features do not fit the network, or <paramref name="draws"/> is below 2.</exception>
    public double[] Spread(Matrix<double> features, int draws = 100, ulong seed = 42, Parallelism? parallelism = null, Calibration? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Cols != Architecture.Inputs)
            throw new ArgumentException($"the network {Architecture.Shape} expects {Architecture.Inputs} features, found {features.Cols}", nameof(features));
        if (draws < 2) throw new ArgumentException($"a spread needs at least 2 draws, found {draws}", nameof(draws));
        if (calibration?.Problem(Architecture) is { } problem) throw new ArgumentException(problem.Message, nameof(calibration));
        int rows = features.Rows, inputs = features.Cols, block = Math.Max(1, Math.Min(rows, Network.PredictionBlock));
        var spread = new double[rows];
        var workspace = new HessianWorkspace<double>(Architecture, block, parallelism);
        var rng = Rng.Create(seed);
        for (int start = 0; start < rows; start += block)
        {
            int count = Math.Min(block, rows - start);
            Block(workspace, features.Span.Slice(start * inputs, count * inputs), count, draws, rng, calibration, spread.AsSpan(start, count));
        }
        return spread;
    }

    // One block of rows: the trained pass, then per draw one tangent pass along the drawn weight change.
    private void Block(HessianWorkspace<double> workspace, ReadOnlySpan<double> x, int rows, int draws, Rng rng, Calibration? calibration, Span<double> spread)
    {
        int outputs = Architecture.Outputs, last = Architecture.Layers.Length - 1;
        var theta = Mode.Flat;
        workspace.Reserve(rows);
        var pass = workspace.Pass;
        pass.Rerun(theta, x, rows);
        var predicted = Network.Labels(Matrix<double>.Create(rows, outputs, pass.Output));
        var logits = pass.Z[last].ToArray();
        var perturbed = new double[rows * outputs];
        var probabilities = new double[rows * outputs];
        var mean = new double[rows];
        var squares = new double[rows];
        var delta = new double[Mode.Count];
        for (int s = 0; s < draws; s++)
        {
            Draw(rng.Fork((ulong)s), delta);
            HessianVector.TangentForward(workspace, theta, delta, x, rows);
            TensorPrimitives.Add(logits, workspace.Rz(rows)[last], perturbed);
            if (calibration is null) Architecture.Output.Activation.Forward<double>(perturbed, probabilities, outputs);
            else
            {
                perturbed.CopyTo(probabilities, 0);
                for (int r = 0; r < rows; r++) calibration.Apply(probabilities.AsSpan(r * outputs, outputs));
            }
            for (int r = 0; r < rows; r++)
            {
                // Welford's update: stable where the spread is tiny next to the probability.
                double p = outputs == 1 ? probabilities[r] : probabilities[r * outputs + predicted[r]];
                double step = p - mean[r];
                mean[r] += step / (s + 1);
                squares[r] += step * (p - mean[r]);
            }
        }
        for (int r = 0; r < rows; r++) spread[r] = Math.Sqrt(squares[r] / (draws - 1));
    }

    // δ = Σ^½ z for z ~ N(0, I): z/√τ, corrected along each direction uᵢ to the posterior's standard deviation there.
    private void Draw(Rng rng, double[] delta)
    {
        rng.FillNormal<double>(delta, 0, 1);
        double prior = 1 / Math.Sqrt(PriorPrecision);
        var z = (double[])delta.Clone();
        TensorPrimitives.Multiply(delta, prior, delta);
        foreach (var direction in Directions)
        {
            var u = direction.Vector.AsSpan();
            double posterior = 1 / Math.Sqrt(Samples * Math.Max(direction.Value, 0) + PriorPrecision);
            TensorPrimitives.MultiplyAdd(u, (posterior - prior) * TensorPrimitives.Dot<double>(u, z), delta, delta);
        }
    }
}
