using System.Numerics;

namespace FunctionalNet.Model.Losses;

/// <summary>One output's loss from its logit z and target y, in double; a struct per loss so the sums below inline it.</summary>
internal interface IElementTerm
{
    /// <summary>The term ℓ(z, y).</summary>
    static abstract double Of(double z, double y);
}

/// <summary>Σ of a loss's per-output terms over a batch, as is and weighted by row: the loop the logit losses share.</summary>
internal static class ElementTerms
{
    /// <summary>Σᵢ ℓ(zᵢ, yᵢ), each term added as it is.</summary>
    public static double Sum<T, TTerm>(ReadOnlySpan<T> z, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> where TTerm : IElementTerm
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++) sum += TTerm.Of(double.CreateTruncating(z[i]), double.CreateTruncating(y[i]));
        return sum;
    }

    /// <summary>Σᵢ w_row(i)·ℓ(zᵢ, yᵢ) for rows of <paramref name="width"/> outputs (all-ones weights give <see cref="Sum{T, TTerm}"/>'s bits).</summary>
    public static double WeightedSum<T, TTerm>(ReadOnlySpan<T> z, ReadOnlySpan<T> y, int width, ReadOnlySpan<T> weights)
        where T : unmanaged, IFloatingPointIeee754<T> where TTerm : IElementTerm
    {
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
            sum += double.CreateTruncating(weights[i / width]) * TTerm.Of(double.CreateTruncating(z[i]), double.CreateTruncating(y[i]));
        return sum;
    }
}
