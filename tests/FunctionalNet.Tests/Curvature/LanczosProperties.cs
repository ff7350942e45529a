using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Calculus;
using FunctionalNet.Curvature;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Curvature;

/// <summary>
/// Lanczos on exact H·v against a dense eigen-decomposition (MathNet.Numerics) of the Hessian built from H·eᵢ, on
/// random small networks (at most a few dozen parameters) of every loss and smooth and kinked hidden activations.
/// </summary>
public sealed class LanczosProperties
{
    private static readonly string[] Hidden = ["tanh", "relu", "softplus", "sigmoid"];
    private static readonly string[] Losses = ["bce", "ce", "mse"];

    private static Arbitrary<NetworkCase> Cases() =>
        (from hidden in Gen.Elements(Hidden)
         from loss in Gen.Elements(Losses)
         from c in RandomNetworks.Cases(ActivationLossPairs.Resolve(hidden), Loss.Parse(loss)!, kinkMargin: 0, maxHidden: 2, maxWidth: 5).Generator
         select c).ToArbitrary();

    [Property(MaxTest = 40)]
    public Property Run_to_the_dimension_Lanczos_equals_the_dense_eigenvalues() => Prop.ForAll(Cases(), c =>
    {
        var h = DenseHessian.Build(c);
        var (asymmetry, hScale) = DenseHessian.Symmetry(h);
        Assert.True(asymmetry <= 1e-10 * (1 + hScale), $"{c}: H is not symmetric, max |H − Hᵀ| = {asymmetry:E3}");
        var dense = DenseHessian.Eigenvalues(h);
        int n = dense.Length;
        // A tolerance no residual meets: the run goes on to the full dimension, restarting wherever the Krylov space closes.
        var spectrum = Spectrum(c, new LanczosOptions(Top: 3, Bottom: 3, MaxSteps: n, Tolerance: 1e-300));
        Assert.True(spectrum.Converged, $"{c}: not converged after {spectrum.Steps} of {n} steps");
        double scale = Math.Max(Math.Abs(dense[0]), Math.Abs(dense[^1]));
        for (int i = 0; i < spectrum.Top.Length; i++) Close(c, dense[n - 1 - i], spectrum.Top[i].Value, scale, $"top {i + 1}");
        for (int i = 0; i < spectrum.Bottom.Length; i++) Close(c, dense[i], spectrum.Bottom[i].Value, scale, $"bottom {i + 1}");
    });

    [Property(MaxTest = 40)]
    public Property Stopped_by_the_tolerance_the_top_eigenvalues_equal_the_dense_ones_and_the_residuals_are_true() => Prop.ForAll(Cases(), c =>
    {
        var h = DenseHessian.Build(c);
        var dense = DenseHessian.Eigenvalues(h);
        int n = dense.Length;
        var spectrum = Spectrum(c, new LanczosOptions(Top: 3, Bottom: 1));
        double scale = Math.Max(Math.Abs(dense[0]), Math.Abs(dense[^1]));
        // One start vector sees one copy of a repeated eigenvalue until its subspace is exhausted (an L2 term on a
        // rank-deficient data Hessian repeats λ/m), so all top three must match only when they are simple; λmax always.
        bool simple = Enumerable.Range(0, Math.Min(3, n - 1)).All(i => dense[n - 1 - i] - dense[n - 2 - i] > 1e-6 * scale);
        for (int i = 0; i < (simple ? spectrum.Top.Length : 1); i++) Close(c, dense[n - 1 - i], spectrum.Top[i].Value, scale, $"top {i + 1}");
        foreach (var pair in spectrum.Top.Concat(spectrum.Bottom))
        {
            // The reported residual is ‖H y − θ y‖ computed directly, and θ is within it of a true eigenvalue.
            var hy = HessianVector.Product(c.Architecture, c.Parameters, c.Batch, Parameters<double>.FromFlat(c.Architecture.Layout, pair.Vector.AsSpan()));
            double direct = Math.Sqrt(hy.Flat.ToArray().Select((x, i) => Math.Pow(x - pair.Value * pair.Vector[i], 2)).Sum());
            Assert.True(Math.Abs(direct - pair.Residual) <= 1e-9 * (1 + scale), $"{c}: residual {pair.Residual:E3}, directly {direct:E3}");
            double nearest = dense.Min(l => Math.Abs(l - pair.Value));
            Assert.True(nearest <= pair.Residual + 1e-9 * scale, $"{c}: θ = {pair.Value} is {nearest:E3} from every eigenvalue, residual {pair.Residual:E3}");
            Assert.Equal(1.0, Math.Sqrt(pair.Vector.Sum(x => x * x)), 1e-10);
        }
    });

    [Fact]
    public void A_repeated_eigenvalue_is_found_as_often_as_it_occurs()
    {
        // A random start vector spans only the 4 distinct eigenvalues' directions: the run must restart three times.
        double[] diagonal = [5, 5, 5, 3, 3, 1, 0, -2];
        var result = Lanczos.Run(diagonal.Length, (v, hv) => { for (int i = 0; i < v.Length; i++) hv[i] = diagonal[i] * v[i]; },
            new LanczosOptions(Top: 5, Bottom: 2, MaxSteps: 8)).Match(r => r, e => throw new InvalidOperationException(e.Message));
        Assert.Equal([5, 5, 5, 3, 3], result.Top.Select(p => Math.Round(p.Value, 12)));
        Assert.Equal([-2, 0], result.Bottom.Select(p => Math.Round(p.Value, 12)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_bits_at_every_thread_count()
    {
        var c = RandomNetworks.Build(ActivationLossPairs.Resolve("tanh"), Activation.Softmax, Loss.CrossEntropy, 6, [24, 16], 4, 300, true, 3);
        var options = new LanczosOptions(Top: 4, Bottom: 2, MaxSteps: 30);
        var one = Spectrum(c, options, new Parallelism(1));
        var two = Spectrum(c, options, new Parallelism(2));
        var again = Spectrum(c, options, new Parallelism(1));
        foreach (var other in new[] { two, again })
        {
            Assert.Equal(one.Top.Select(p => p.Value), other.Top.Select(p => p.Value));
            Assert.Equal(one.Bottom.Select(p => p.Value), other.Bottom.Select(p => p.Value));
            Assert.Equal(one.Top[0].Vector.ToArray(), other.Top[0].Vector.ToArray());
        }
        var reseeded = Spectrum(c, options with { Seed = 7 });
        Assert.NotEqual(one.Top[0].Vector.ToArray(), reseeded.Top[0].Vector.ToArray());
    }

    [Fact]
    public void Out_of_range_options_and_non_finite_products_are_errors()
    {
        static string Code(LanguageExt.Either<Error, LanczosResult> r) => r.Match(_ => "", e => e.Code);
        SymmetricProduct identity = (v, hv) => v.CopyTo(hv);
        Assert.Equal("lanczos.count", Code(Lanczos.Run(4, identity, new LanczosOptions(Top: 0, Bottom: 0))));
        Assert.Equal("lanczos.steps", Code(Lanczos.Run(4, identity, new LanczosOptions(MaxSteps: 0))));
        Assert.Equal("lanczos.tolerance", Code(Lanczos.Run(4, identity, new LanczosOptions(Tolerance: 0))));
        Assert.Equal("lanczos.dimension", Code(Lanczos.Run(0, identity, LanczosOptions.Default)));
        Assert.Equal("lanczos.non-finite", Code(Lanczos.Run(4, (_, hv) => hv.Fill(double.NaN), LanczosOptions.Default)));
    }

    private static void Close(NetworkCase c, double expected, double actual, double scale, string which) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-8 * scale, $"{c}: {which} eigenvalue {actual:R}, dense {expected:R} (scale {scale:E3})");

    internal static HessianSpectrum Spectrum(NetworkCase c, LanczosOptions options, Parallelism? parallelism = null) =>
        HessianSpectrum.Compute(c.Architecture, c.Parameters, c.Batch, options, parallelism).Match(s => s, e => throw new InvalidOperationException(e.Message));
}
