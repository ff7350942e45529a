using FunctionalNet.Data;
using System.Collections.Immutable;
using FunctionalNet.Tensors;

namespace FunctionalNet;

/// <summary>
/// Synthetic regression problems, each a pure function of its arguments and the <see cref="Rng"/>: fork 2 of the key
/// draws the inputs and fork 0 the noise, as in <see cref="Generators"/>.
/// </summary>
public static class RegressionGenerators
{
    /// <summary>
    /// Friedman #1 (scikit-learn's <c>make_friedman1</c>): <paramref name="features"/> ≥ 5 inputs uniform on [0, 1],
    /// of which only the first five matter, and one target
    /// y = 10 sin(π x₀ x₁) + 20 (x₂ − 0.5)² + 10 x₃ + 5 x₄ + N(0, noise²). Same formula and distributions as
    /// scikit-learn; the random numbers differ.
    /// </summary>
    public static Dataset Friedman1(Rng rng, int samples, int features = 10, double noise = 0.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 5);
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be finite and ≥ 0");
        var x = new double[samples * features];
        rng.Fork(2).FillUniform<double>(x, 0, 1);
        var y = new double[samples];
        if (noise > 0) rng.Fork(0).FillNormal<double>(y, 0, noise);
        for (int i = 0; i < samples; i++)
        {
            var r = x.AsSpan(i * features, features);
            y[i] += 10 * Math.Sin(Math.PI * r[0] * r[1]) + 20 * (r[2] - 0.5) * (r[2] - 0.5) + 10 * r[3] + 5 * r[4];
        }
        return Dataset.Regression(Matrix<double>.Own(samples, features, x), Matrix<double>.Own(samples, 1, y), ImmutableArray.Create("y"));
    }
}
