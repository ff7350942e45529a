using System.Numerics;

namespace FunctionalNet.Calculus;

/// <summary>
/// The dropout of one evaluation: the drop probability of each hidden layer (0 = none) and the key its masks come from.
/// Unit i of hidden layer k (row-major over the batch) is kept when draw i of <c>Key.Fork(k)</c> is ≥ pₖ and then scaled
/// by 1/(1 − pₖ) (inverted dropout), so the mask is a pure function of the key and the batch's shape: the same at every
/// thread count, and the same when a resumed run derives the same key. A slot of a batch (<see cref="FirstRow"/> > 0)
/// draws the units of its own rows, so its masks are the whole batch's, whichever slots a process computes.
/// </summary>
/// <param name="Rates">pₖ per hidden layer, each in [0, 1).</param>
/// <param name="Key">Where this evaluation's masks come from.</param>
internal readonly record struct DropoutDraw(double[] Rates, Rng Key)
{
    /// <summary>The batch row the evaluated rows start at (a slot's first row; 0 for a whole batch).</summary>
    public int FirstRow { get; init; }

    /// <summary>
    /// Writes hidden layer <paramref name="k"/>'s keep-and-scale mask (0 or 1/(1 − pₖ)) into <paramref name="mask"/>, rows of
    /// <paramref name="units"/> units.
    /// </summary>
    public void Fill<T>(int k, Span<T> mask, int units) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double rate = Rates[k];
        var key = Key.Fork((ulong)k);
        T scale = T.One / T.CreateTruncating(1 - rate);
        ulong first = (ulong)FirstRow * (ulong)units;
        for (int i = 0; i < mask.Length; i++) mask[i] = key.Uniform(first + (ulong)i) >= rate ? scale : T.Zero;
    }
}
