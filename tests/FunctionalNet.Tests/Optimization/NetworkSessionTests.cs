using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// A minimizer run evaluates a network objective through a session (reused buffers, the last forward pass kept for
/// Hessian-vector products at the same point): every answer must be the pure functions' bits, whatever the order of calls.
/// </summary>
public sealed class NetworkSessionTests
{
    public static TheoryData<string> Networks => ["sigmoid-bce", "tanh-softmax", "relu-mse", "elu-tanh-mse"];

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_session_answers_with_the_pure_functions_bits_in_any_order_of_calls(string network)
    {
        var c = Case(network);
        var pure = Objective.ForNetwork(c.Architecture, c.Batch);
        var session = pure.Open();
        Assert.NotSame(pure, session);
        int n = pure.Dimension;
        var theta = c.Parameters.Flat.ToArray();
        var other = theta.Select((t, i) => t + 0.01 * Math.Sin(i)).ToArray();
        var u = Vector(n, 1);
        var v = Vector(n, 2);

        // Gradient then products at its point (the pass and then the deltas are reused), at a new point (recomputed),
        // back again, and at a point the caller changed in place in the same array (must not be taken for the old one).
        var x = (double[])theta.Clone();
        AssertSameGradient(pure, session, x);
        AssertSameProduct(pure, session, x, u);
        AssertSameProduct(pure, session, x, v);
        AssertSameProduct(pure, session, other, u);
        AssertSameProduct(pure, session, other, v);
        AssertSameProduct(pure, session, x, u);
        x[0] += 1e-3;
        AssertSameProduct(pure, session, x, v);
        AssertSameGradient(pure, session, other);
        AssertSameProduct(pure, session, other, v); // the pass was rerun since the last deltas at this point
        AssertSameProduct(pure, session, other, u);
        x[^1] = -0.0;
        AssertSameProduct(pure, session, x, u);
        x[^1] = 0.0;
        AssertSameProduct(pure, session, x, u);
        AssertSameGradient(pure, session, x);
    }

    [Fact]
    public void Truncated_newton_through_a_session_retraces_the_pure_objective_bit_for_bit()
    {
        var c = Case("sigmoid-bce");
        var objective = Objective.ForNetwork(c.Architecture, c.Batch);
        var plain = new Objective(objective.Dimension, objective.CostAndGradient, objective.HessianVector); // no session
        Assert.Same(plain, plain.Open());
        var tnc = Minimizer.TruncatedNewton(stopping: StoppingRules.Create(maxEvaluations: 120).Get()).Get();

        Assert.Equal(Fingerprint(tnc.Minimize(plain, [.. c.Parameters.Flat])), Fingerprint(tnc.Minimize(objective, [.. c.Parameters.Flat])));
    }

    [Fact]
    public void A_copy_with_its_own_function_is_not_answered_by_the_network_session()
    {
        var c = Case("tanh-softmax");
        var objective = Objective.ForNetwork(c.Architecture, c.Batch);
        var replaced = objective with { CostAndGradient = (x, g) => { g.Clear(); return 42; } };
        var withoutProducts = objective with { HessianVector = null };

        Assert.Same(replaced, replaced.Open());
        Assert.Same(withoutProducts, withoutProducts.Open());
        Assert.NotSame(objective.Open(), objective.Open()); // a fresh session per run, never a shared one
    }

    private static void AssertSameGradient(Objective pure, Objective session, double[] x)
    {
        var expected = new double[x.Length];
        var actual = new double[x.Length];
        double f = pure.CostAndGradient(x, expected);
        double g = session.CostAndGradient(x, actual);
        Assert.Equal(BitConverter.DoubleToInt64Bits(f), BitConverter.DoubleToInt64Bits(g));
        Assert.Equal(Bits(expected), Bits(actual));
    }

    private static void AssertSameProduct(Objective pure, Objective session, double[] x, double[] v)
    {
        var expected = new double[x.Length];
        var actual = new double[x.Length];
        pure.HessianVector!(x, v, expected);
        session.HessianVector!(x, v, actual);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    private static NetworkCase Case(string network) => network switch
    {
        "sigmoid-bce" => RandomNetworks.Build(Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 6, [9], 4, 40, true, 3),
        "tanh-softmax" => RandomNetworks.Build(Activation.Tanh, Activation.Softmax, Loss.CrossEntropy, 5, [7, 6], 3, 33, true, 4),
        "relu-mse" => RandomNetworks.Build(Activation.Relu, Activation.Identity, Loss.SquaredError, 4, [8], 2, 25, false, 5),
        _ => RandomNetworks.Build(Activation.Elu(1.5), Activation.Tanh, Loss.SquaredError, 3, [5, 4], 2, 19, true, 6),
    };

    private static double[] Vector(int n, ulong seed)
    {
        var v = new double[n];
        Rng.Create(seed).FillNormal<double>(v, 0, 1);
        return v;
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    private static List<long> Fingerprint(IEnumerable<MinimizerIterate> trace) =>
        [.. trace.SelectMany(it => new long[] { it.Evaluations, BitConverter.DoubleToInt64Bits(it.Cost) }
            .Concat(it.Point.Select(BitConverter.DoubleToInt64Bits)))];
}
