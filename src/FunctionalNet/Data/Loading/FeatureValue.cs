using System.Numerics;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// The one check every loader makes of a feature value before storing it, so a CSV cell and a Parquet value are
/// refused alike: a value that is not finite (NaN, ±∞), or, read in a narrower precision (float for float32
/// training), a finite value past that precision's range, which would be stored as ∞.
/// </summary>
public static class FeatureValue
{
    /// <summary>Whether <paramref name="value"/> is finite and stays finite in precision <typeparamref name="T"/>.</summary>
    public static bool Fits<T>(double value) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.IsFinite(value) && T.IsFinite(T.CreateTruncating(value));

    /// <summary>
    /// The error for a value that does not <see cref="Fits{T}"/>, or null when it does: code <c>FORMAT.non-finite</c>
    /// or <c>FORMAT.precision</c>, and the message "<paramref name="where"/>: what was expected, found <paramref name="shown"/>".
    /// </summary>
    /// <param name="value">The value as read (a cell that spells NaN or infinity but did not parse is passed as NaN).</param>
    /// <param name="format">The code's prefix, e.g. "csv" or "parquet".</param>
    /// <param name="where">File, line or row, and column, for the message.</param>
    /// <param name="shown">How the message quotes the value, e.g. the cell's text.</param>
    public static Error? Problem<T>(double value, string format, string where, string shown) where T : unmanaged, IFloatingPointIeee754<T> =>
        !double.IsFinite(value) ? new Error(format + ".non-finite", $"{where}: expected a finite number, found {shown}")
        : !Fits<T>(value) ? new Error(format + ".precision", $"{where}: {shown} is beyond float32's largest value 3.4E+38, the precision the file is read in")
        : null;
}
