using System.Globalization;
using FunctionalNet.Data;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Features as the network will see them, checked before training: a scaler whose range overflows leaves ∞ or NaN,
/// and float32 turns anything past 3.4e38 into ∞. Either would stop the run at its first step as "diverged",
/// blaming the learning rate; this names the feature and the cause instead.
/// </summary>
internal static class FeatureRange
{
    /// <summary>The problem with <paramref name="scaled"/> (the <paramref name="part"/> after <paramref name="scale"/> scaling), or null.</summary>
    public static CliError? Problem(Dataset scaled, string part, string scale, bool float32)
    {
        for (int c = 0; c < scaled.FeatureCount; c++)
        {
            double largest = 0;
            bool finite = true;
            if (scaled.IsSinglePrecision) Scan(scaled.FeaturesIn<float>(), c, ref finite, ref largest);
            else Scan(scaled.Features, c, ref finite, ref largest);
            string name = c < scaled.FeatureNames.Length ? scaled.FeatureNames[c] : c.ToString(CultureInfo.InvariantCulture);
            // Float storage turns values past float32's range into ∞ as it stores them.
            if (!finite && scaled.IsSinglePrecision)
                return Bad("data.overflow", $"feature '{name}' of the {part} part is not finite after --scale {scale} in float32 (beyond {float.MaxValue.ToString("G3", CultureInfo.InvariantCulture)}, or wider than double); use --scale standard, or --dtype float64");
            if (!finite)
                return Bad("data.overflow", $"feature '{name}' of the {part} part is not finite after --scale {scale}: its range is wider than double can hold; use --scale standard");
            if (float32 && largest > float.MaxValue)
                return Bad("data.overflow", $"feature '{name}' of the {part} part reaches {largest.ToString("G3", CultureInfo.InvariantCulture)} after --scale {scale}, beyond float32's largest value {float.MaxValue.ToString("G3", CultureInfo.InvariantCulture)}; use --scale standard or minmax, or --dtype float64");
        }
        return null;
    }

    // Read in the stored precision: float data is not widened to a double copy for the check.
    private static void Scan<T>(FunctionalNet.Matrix<T> features, int column, ref bool finite, ref double largest) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int r = 0; r < features.Rows; r++)
        {
            double x = Math.Abs(double.CreateTruncating(features[r, column]));
            finite &= double.IsFinite(x);
            largest = Math.Max(largest, x);
        }
    }

    private static CliError Bad(string code, string message) => new(new Error(code, message));
}
