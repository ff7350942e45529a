using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Optimization;

/// <summary>Levenberg–Marquardt: the network's residual Jacobian, convergence, and validation.</summary>
public sealed class LevenbergMarquardtTests
{
    [Property(MaxTest = 40)]
    public Property The_network_residual_jacobian_matches_central_differences_and_half_its_norm_is_the_cost()
    {
        return Prop.ForAll(RandomNetworks.Cases(Activation.Tanh, Loss.SquaredError, maxHidden: 2, maxWidth: 5), c =>
        {
            var objective = LeastSquaresObjective.ForNetwork(c.Architecture, c.Batch).Get();
            int n = objective.Dimension, p = objective.Residuals;
            var x = c.Parameters.Flat.ToArray();
            var r = new double[p];
            var jacobian = new double[p * n];
            objective.Evaluate(x, r, jacobian);
            Assert.Equal(Network.Cost(c.Architecture, c.Parameters, c.Batch), 0.5 * r.Sum(v => v * v), 1e-12);

            const double eps = 1e-6;
            var plus = new double[p];
            var minus = new double[p];
            for (int j = 0; j < n; j++)
            {
                x[j] += eps; objective.Evaluate(x, plus, []);
                x[j] -= 2 * eps; objective.Evaluate(x, minus, []);
                x[j] += eps;
                for (int i = 0; i < p; i++)
                    Assert.True(Math.Abs(jacobian[i * n + j] - (plus[i] - minus[i]) / (2 * eps)) <= 1e-6 * (1 + Math.Abs(jacobian[i * n + j])),
                        $"{c}: J[{i}, {j}] = {jacobian[i * n + j]} vs {(plus[i] - minus[i]) / (2 * eps)}");
            }
        });
    }

    [Fact]
    public void Solves_rosenbrock_written_as_least_squares()
    {
        // r = (10(x₂ − x₁²), 1 − x₁): ½‖r‖² is half of Rosenbrock's function, minimum at (1, 1).
        var objective = new LeastSquaresObjective(2, 2, (x, r, j) =>
        {
            r[0] = 10 * (x[1] - x[0] * x[0]);
            r[1] = 1 - x[0];
            if (j.IsEmpty) return;
            j[0] = -20 * x[0]; j[1] = 10; j[2] = -1; j[3] = 0;
        });
        var trace = LevenbergMarquardt.Create(StoppingRules.Create(gradientTolerance: 1e-10, functionTolerance: 0).Get()).Get().Minimize(objective, [-1.2, 1.0]).ToList();
        var last = trace[^1];
        Assert.Equal(StopKind.GradientTolerance, last.Stop!.Kind);
        Assert.Equal(1, last.Point[0], 1e-6);
        Assert.Equal(1, last.Point[1], 1e-6);
        // Measured: 27 accepted steps, 79 evaluations (one Jacobian per accepted step plus every trial, rejected ones included).
        Assert.True(last.Iteration <= 30, $"{last.Iteration} iterations, {last.Evaluations} evaluations");
        Assert.True(Enumerable.Zip(trace, trace.Skip(1), (a, b) => b.Cost < a.Cost).All(down => down));
    }

    [Fact]
    public void Fits_a_small_regression_network_better_than_lbfgs_with_the_same_evaluations()
    {
        // 1-6-1 tanh network fitting sin(3x) on 30 points in [−1, 1]; 60 evaluations each.
        var arch = Architecture.Mlp([1, 6, 1], Activation.Tanh, Activation.Identity, Loss.SquaredError).Get();
        var xs = Enumerable.Range(0, 30).Select(i => -1 + 2.0 * i / 29).ToArray();
        var data = new Batch<double>(Matrix<double>.Create(30, 1, xs), Matrix<double>.Create(30, 1, [.. xs.Select(v => Math.Sin(3 * v))]));
        var start = Initializer.Xavier.Initialize<double>(arch, Rng.Create(4));
        var rules = StoppingRules.Create(maxEvaluations: 60, gradientTolerance: 0, functionTolerance: 0).Get();

        var lm = Train.LeastSquares(arch, data, LevenbergMarquardt.Create(rules).Get(), start).Get().Last();
        var lbfgs = Train.Minimize(arch, data, Minimizer.Lbfgs(stopping: rules).Get(), start).Get().Last();
        Assert.True(lm.TrainingCost < lbfgs.TrainingCost, $"lm {lm.TrainingCost} vs lbfgs {lbfgs.TrainingCost}");
        Assert.True(lm.TrainingCost < 1e-3, $"lm {lm.TrainingCost}");
    }

    [Fact]
    public void Invalid_settings_and_losses_are_errors()
    {
        Assert.Equal(["lm.decrease", "lm.mu"], LevenbergMarquardt.Create(mu: 0, decrease: 1).Errors().Select(e => e.Code).Order());
        var bce = Architecture.Mlp([2, 1], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy).Get();
        var data = new Batch<double>(Matrix<double>.Zeros(3, 2), Matrix<double>.Zeros(3, 1));
        Assert.Equal(["lm.loss"], LeastSquaresObjective.ForNetwork(bce, data).Errors().Select(e => e.Code));
        Assert.Equal(["lm.loss"], Train.LeastSquares(bce, data, LevenbergMarquardt.Create().Get(), Parameters<double>.Zeros(bce.Layout)).Errors().Select(e => e.Code));
        Assert.Throws<ArgumentException>(() => LevenbergMarquardt.Create().Get().Minimize(new LeastSquaresObjective(2, 1, (_, _, _) => { }), ImmutableArray.Create(1.0)));
    }
}
