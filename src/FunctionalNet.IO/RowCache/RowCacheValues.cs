using System.Globalization;
using System.Numerics;
using FunctionalNet.Data.Loading;

namespace FunctionalNet.IO;

/// <summary>The one refusal of a feature value a cache's precision cannot hold, for a loaded table and a streamed one alike.</summary>
internal static class RowCacheValues
{
    /// <summary>
    /// The error for <paramref name="value"/> at data row <paramref name="row"/>, feature column <paramref name="column"/>
    /// (both from 1) named <paramref name="name"/> of <paramref name="source"/>, when it does not fit <typeparamref name="TValue"/>; else null.
    /// </summary>
    public static Error? Unfit<TValue>(double value, string source, long row, int column, string name) where TValue : unmanaged, IFloatingPointIeee754<TValue> =>
        FeatureValue.Problem<TValue>(value, "data", $"{source}: row {row}, column {column} (\"{name}\")", value.ToString("R", CultureInfo.InvariantCulture));
}
