using System.Numerics;

namespace FunctionalNet;

/// <summary>
/// A splittable, counter-based random generator passed around as a value (like a JAX key).
/// The i-th number drawn from a key is a pure function of (key, i): no hidden state, so the same seed gives
/// the same numbers on every machine, run and thread count.
/// </summary>
/// <remarks>Bits are SplitMix64's finaliser applied to a Weyl sequence of the key; streams for different
/// purposes are obtained with <see cref="Split"/> or <see cref="Fork"/>, never by reusing a key.</remarks>
public readonly record struct Rng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>The 64-bit key that determines every number this value produces.</summary>
    public ulong Key { get; }

    private Rng(ulong key) => Key = key;

    /// <summary>A generator for a user-facing seed; seeds that differ in one bit give unrelated streams.</summary>
    public static Rng Create(ulong seed) => new(Mix(seed ^ 0x6A09E667F3BCC909UL));

    /// <summary>
    /// The generator for an <c>int</c> seed, for languages without C#'s implicit int → ulong conversion (F#'s
    /// <c>Rng.Create 1</c>): a non-negative seed gives exactly <c>Create((ulong)seed)</c>; a negative one is sign-extended.
    /// </summary>
    public static Rng Create(int seed) => Create(unchecked((ulong)(long)seed));

    /// <summary>Two independent generators derived from this one.</summary>
    public (Rng Left, Rng Right) Split() => (Fork(0), Fork(1));

    /// <summary>The generator for sub-stream <paramref name="index"/> of this one (JAX's <c>fold_in</c>).</summary>
    public Rng Fork(ulong index) => new(Mix(Mix(Key ^ 0xBB67AE8584CAA73BUL) + (index + 1) * Golden));

    /// <summary>64 random bits: the <paramref name="counter"/>-th draw of this key.</summary>
    public ulong Bits(ulong counter) => Mix(Key + (counter + 1) * Golden);

    /// <summary>A uniform double in [0, 1): the <paramref name="counter"/>-th draw of this key.</summary>
    public double Uniform(ulong counter) => (Bits(counter) >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniform in [0, <paramref name="exclusiveMax"/>), without modulo bias.</summary>
    public int NextInt(ulong counter, int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        // Lemire's multiply-shift: the high 64 bits of a 64×64 product are uniform in range up to 2^-32 bias.
        return (int)Math.BigMul(Bits(counter), (ulong)exclusiveMax, out _);
    }

    /// <summary>Fills <paramref name="destination"/> with uniform numbers in [lo, hi), draws 0…n−1 of this key.</summary>
    public void FillUniform<T>(Span<T> destination, double lo, double hi) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = T.CreateTruncating(lo + (hi - lo) * Uniform((ulong)i));
    }

    /// <summary>Fills <paramref name="destination"/> with normal numbers N(mean, sd²) by Box–Muller.</summary>
    public void FillNormal<T>(Span<T> destination, double mean, double sd) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            // Each output uses its own pair of draws, so element i does not depend on the length.
            double u1 = 1.0 - Uniform(2 * (ulong)i), u2 = Uniform(2 * (ulong)i + 1);
            double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            destination[i] = T.CreateTruncating(mean + sd * z);
        }
    }

    /// <summary>A uniformly random permutation of 0…n−1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var p = new int[n];
        Permute(p);
        return p;
    }

    /// <summary>
    /// Writes into <paramref name="destination"/> the permutation of 0…n−1 (n its length) that <see cref="Permutation"/>
    /// returns, into a buffer the caller owns (a training epoch reuses one).
    /// </summary>
    public void Permute(Span<int> destination)
    {
        int n = destination.Length;
        for (int i = 0; i < n; i++) destination[i] = i;
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt((ulong)i, i + 1);
            (destination[i], destination[j]) = (destination[j], destination[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
