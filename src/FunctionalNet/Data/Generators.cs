using FunctionalNet.Data;
using System.Collections.Immutable;
using FunctionalNet.Tensors;
using LanguageExt;

namespace FunctionalNet;

/// <summary>
/// Synthetic two-feature classification problems, each a pure function of its arguments and the <see cref="Rng"/>:
/// the same key gives the same points everywhere. Each generator uses fork 0 of the key for noise, fork 1 for the
/// row order and fork 2 for anything else it draws (blob centres), so changing one never shifts the others.
/// </summary>
/// <remarks>Moons, circles and blobs follow scikit-learn's <c>make_moons</c>, <c>make_circles</c> and
/// <c>make_blobs</c> (the same shapes and class sizes; the random numbers differ).</remarks>
public static class Generators
{
    /// <summary>
    /// Two interleaving half circles (scikit-learn's <c>make_moons</c>): ⌊n/2⌋ points of class 0 on the upper
    /// moon, the rest of class 1 on the lower one, plus N(0, noise²) on each coordinate; rows shuffled.
    /// </summary>
    public static Dataset Moons(Rng rng, int samples, double noise = 0.0)
    {
        CheckSamples(samples, 2);
        CheckNoise(noise);
        int outer = samples / 2, inner = samples - outer;
        var x = new double[samples * 2];
        var labels = new int[samples];
        for (int i = 0; i < outer; i++)
        {
            double t = Linspace(0, Math.PI, outer, i);
            x[2 * i] = Math.Cos(t);
            x[2 * i + 1] = Math.Sin(t);
        }
        for (int i = 0; i < inner; i++)
        {
            double t = Linspace(0, Math.PI, inner, i);
            int r = outer + i;
            x[2 * r] = 1 - Math.Cos(t);
            x[2 * r + 1] = 1 - Math.Sin(t) - 0.5;
            labels[r] = 1;
        }
        return Finish(rng, x, labels, 2, noise);
    }

    /// <summary>
    /// A large circle of class 0 (⌊n/2⌋ points) around a small one of class 1 scaled by <paramref name="factor"/>
    /// in [0, 1) (scikit-learn's <c>make_circles</c>), plus N(0, noise²) per coordinate; rows shuffled.
    /// </summary>
    public static Dataset Circles(Rng rng, int samples, double noise = 0.0, double factor = 0.8)
    {
        CheckSamples(samples, 2);
        CheckNoise(noise);
        if (!(factor >= 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in [0, 1)");
        int outer = samples / 2, inner = samples - outer;
        var x = new double[samples * 2];
        var labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            bool isInner = i >= outer;
            int n = isInner ? inner : outer, j = isInner ? i - outer : i;
            double t = 2 * Math.PI * j / n, radius = isInner ? factor : 1.0;
            x[2 * i] = radius * Math.Cos(t);
            x[2 * i + 1] = radius * Math.Sin(t);
            labels[i] = isInner ? 1 : 0;
        }
        return Finish(rng, x, labels, 2, noise);
    }

    /// <summary>
    /// Isotropic Gaussian blobs (scikit-learn's <c>make_blobs</c>): <paramref name="centers"/> centres drawn
    /// uniformly in [−box, box]^features, n/centers points around each (the first n mod centers get one more),
    /// standard deviation <paramref name="spread"/>; class i is blob i; rows shuffled.
    /// </summary>
    public static Dataset Blobs(Rng rng, int samples, int centers = 3, int features = 2, double spread = 1.0, double box = 10.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(centers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        if (!(box > 0) || double.IsInfinity(box)) throw new ArgumentOutOfRangeException(nameof(box), box, "box must be finite and > 0");
        var c = new double[centers * features];
        rng.Fork(2).FillUniform<double>(c, -box, box);
        return Blobs(rng, samples, Matrix<double>.Own(centers, features, c), spread);
    }

    /// <summary>Gaussian blobs around the given centres (one row per class), standard deviation <paramref name="spread"/>.</summary>
    public static Dataset Blobs(Rng rng, int samples, Matrix<double> centers, double spread = 1.0)
    {
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentOutOfRangeException.ThrowIfLessThan(centers.Rows, 1);
        CheckSamples(samples, centers.Rows);
        CheckNoise(spread);
        int k = centers.Rows, d = centers.Cols;
        var x = new double[samples * d];
        var labels = new int[samples];
        int row = 0;
        for (int c = 0; c < k; c++)
        {
            int count = samples / k + (c < samples % k ? 1 : 0);
            for (int i = 0; i < count; i++, row++)
            {
                centers.Row(c).CopyTo(x.AsSpan(row * d, d));
                labels[row] = c;
            }
        }
        return Finish(rng, x, labels, d, spread, k);
    }

    /// <summary>The four XOR points (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0, in that order.</summary>
    public static Dataset Xor() =>
        Dataset.Classification(Matrix<double>.Own(4, 2, [0, 0, 0, 1, 1, 0, 1, 1]), [0, 1, 1, 0]);

    /// <summary>
    /// XOR sampled: point i sits at corner i mod 4 of the unit square plus N(0, noise²) per coordinate, labelled
    /// like that corner (so classes are balanced to within one); rows shuffled.
    /// </summary>
    public static Dataset NoisyXor(Rng rng, int samples, double noise = 0.1)
    {
        CheckSamples(samples, 4);
        CheckNoise(noise);
        var x = new double[samples * 2];
        var labels = new int[samples];
        for (int i = 0; i < samples; i++)
        {
            int corner = i % 4, a = corner >> 1, b = corner & 1;
            x[2 * i] = a;
            x[2 * i + 1] = b;
            labels[i] = a ^ b;
        }
        return Finish(rng, x, labels, 2, noise);
    }

    /// <summary>
    /// <paramref name="arms"/> interleaved spirals (the CS231n data): arm j has n/arms points (the first n mod arms
    /// get one more) at radius r from 0 to 1 and angle 2πj/arms + 4r + N(0, noise²), at (r sin t, r cos t); rows shuffled.
    /// </summary>
    public static Dataset Spirals(Rng rng, int samples, int arms = 3, double noise = 0.2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(arms, 2);
        CheckSamples(samples, arms);
        CheckNoise(noise);
        var angleNoise = new double[samples];
        rng.Fork(0).FillNormal<double>(angleNoise, 0, noise);
        var x = new double[samples * 2];
        var labels = new int[samples];
        int row = 0;
        for (int j = 0; j < arms; j++)
        {
            int count = samples / arms + (j < samples % arms ? 1 : 0);
            for (int i = 0; i < count; i++, row++)
            {
                double r = Linspace(0, 1, count, i), t = 2 * Math.PI * j / arms + 4 * r + angleNoise[row];
                x[2 * row] = r * Math.Sin(t);
                x[2 * row + 1] = r * Math.Cos(t);
                labels[row] = j;
            }
        }
        return Finish(rng, x, labels, 2, 0.0, arms);
    }

    /// <summary>The largest noise <see cref="ByName"/> accepts: any larger could draw a point beyond double's range.</summary>
    public const double MaxNoise = 1e300;

    /// <summary>The names <see cref="ByName"/> accepts.</summary>
    public static ImmutableArray<string> Names { get; } = ["moons", "circles", "blobs", "xor", "noisy-xor", "spirals"];

    /// <summary>
    /// A generator chosen by name (for the command line): moons, circles (factor 0.5), blobs (<paramref name="classes"/>
    /// centres, noise is the spread), xor (the 4 points; other arguments ignored), noisy-xor, spirals
    /// (<paramref name="classes"/> arms). Unknown names and out-of-range arguments are errors.
    /// </summary>
    public static Validation<Error, Dataset> ByName(string name, Rng rng, int samples, double noise, int classes = 3)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        if (!Names.Contains(key))
            return Fail("generator.name", $"unknown data generator \"{name}\", expected one of {string.Join(", ", Names)}");
        if (key == "xor") return Validation<Error, Dataset>.Success(Xor());
        int minimum = key switch { "blobs" or "spirals" => classes, "noisy-xor" => 4, _ => 2 };
        if (samples < minimum)
            return Fail("generator.samples", $"generator {key} needs at least {minimum} samples, found {samples}");
        // Every generator draws 2 features a point, in one array.
        if (samples > Array.MaxLength / 2)
            return Fail("generator.samples", $"generator {key}: at most {Array.MaxLength / 2} samples fit in one array, found {samples}");
        if (!(noise >= 0) || double.IsInfinity(noise))
            return Fail("generator.noise", $"generator {key}: noise must be finite and ≥ 0, found {noise}");
        // Points are noise × a normal draw (up to about 40 in 2^64 draws) plus O(1): past MaxNoise they could overflow to ∞.
        if (noise > MaxNoise)
            return Fail("generator.noise", $"generator {key}: noise must be at most {MaxNoise:E0} so the points stay finite, found {noise}");
        if (key is "blobs" or "spirals" && classes < (key == "spirals" ? 2 : 1))
            return Fail("generator.classes", $"generator {key}: too few classes, found {classes}");
        return Validation<Error, Dataset>.Success(key switch
        {
            "moons" => Moons(rng, samples, noise),
            "circles" => Circles(rng, samples, noise, 0.5),
            "blobs" => Blobs(rng, samples, classes, spread: noise),
            "noisy-xor" => NoisyXor(rng, samples, noise),
            _ => Spirals(rng, samples, classes, noise),
        });
    }

    private static Validation<Error, Dataset> Fail(string code, string message) =>
        Validation<Error, Dataset>.Fail(LanguageExt.Prelude.Seq1(new Error(code, message)));

    // numpy's linspace(start, stop, n)[i], endpoint included.
    private static double Linspace(double start, double stop, int n, int i) =>
        n == 1 ? start : start + (stop - start) * i / (n - 1);

    // Adds N(0, noise²) from fork 0, shuffles rows with fork 1 and wraps the buffers (which escape nowhere else).
    private static Dataset Finish(Rng rng, double[] x, int[] labels, int features, double noise, int classes = 2)
    {
        if (noise > 0)
        {
            var n = new double[x.Length];
            rng.Fork(0).FillNormal<double>(n, 0, noise);
            for (int i = 0; i < x.Length; i++) x[i] += n[i];
        }
        int m = labels.Length;
        var order = rng.Fork(1).Permutation(m);
        var shuffled = Matrix<double>.Own(m, features, x).SelectRows(order);
        var shuffledLabels = new int[m];
        for (int i = 0; i < m; i++) shuffledLabels[i] = labels[order[i]];
        return Dataset.Classification(shuffled, shuffledLabels, ClassTargets.NumberedClasses(classes));
    }

    private static void CheckSamples(int samples, int minimum)
    {
        if (samples < minimum) throw new ArgumentOutOfRangeException(nameof(samples), samples, $"at least {minimum} samples are needed");
    }

    private static void CheckNoise(double noise)
    {
        if (!(noise >= 0) || double.IsInfinity(noise)) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be finite and ≥ 0");
    }
}
