using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Training;
using FunctionalNet.Data;
using FunctionalNet.Formats;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Tests;

/// <summary>A regression trains on standardised targets and reports in the targets' own units: the two maps must be inverses.</summary>
public class TargetScalingProperties
{
    [Property(MaxTest = 300)]
    public Property Unscaling_the_scaled_targets_gives_them_back() =>
        Prop.ForAll<ulong, byte, byte>((seed, rows, cols) =>
        {
            var (train, other) = (Targets(seed, rows % 40 + 1, cols % 4 + 1), Targets(seed + 1, rows % 17 + 1, cols % 4 + 1));
            var scaler = FunctionalNet.Scaling.Standardising(train);
            // Any rows, not just those the scaler was fitted on, come back to within rounding of their own size.
            return Close(scaler.Invert(scaler.Apply(train.Values)), train.Values, scaler)
                && Close(scaler.Invert(scaler.Apply(other.Values)), other.Values, scaler);
        });

    [Property(MaxTest = 300)]
    public Property Standardised_training_targets_have_mean_zero_and_unit_spread() =>
        Prop.ForAll<ulong, byte, byte>((seed, rows, cols) =>
        {
            var targets = Targets(seed, rows % 40 + 2, cols % 4 + 1);
            var scaler = FunctionalNet.Scaling.Standardising(targets);
            var scaled = scaler.Apply(targets.Values);
            return Enumerable.Range(0, scaled.Cols).All(j =>
            {
                var column = Enumerable.Range(0, scaled.Rows).Select(i => scaled[i, j]).ToArray();
                double mean = column.Average(), variance = column.Select(v => (v - mean) * (v - mean)).Average();
                bool constant = Enumerable.Range(0, targets.Count).All(i => targets.Values[i, j] == targets.Values[0, j]);
                // Subtracting the mean loses the digits a large offset holds beyond the spread: error ≈ ε·|y|/sd.
                double tolerance = 1e-12 * (Enumerable.Range(0, targets.Count).Max(i => Math.Abs(targets.Values[i, j])) / scaler.Scale[j] + 1);
                return Math.Abs(mean) < tolerance && (constant ? variance == 0 : Math.Abs(variance - 1) < tolerance);
            }).Label($"{targets.Count}×{scaled.Cols}");
        });

    // Columns at very different offsets and spreads (1e-3 to 1e6), one of them constant now and then, as real targets are.
    private static ValueTargets Targets(ulong seed, int rows, int cols)
    {
        var rng = Rng.Create(seed);
        var shape = new double[cols * 2];
        rng.Fork(0).FillUniform<double>(shape, -1, 1);
        var values = new double[rows * cols];
        rng.Fork(1).FillUniform<double>(values, -1, 1);
        for (int j = 0; j < cols; j++)
        {
            double offset = shape[2 * j] * 1e6, spread = j == 3 ? 0 : Math.Pow(10, 4.5 * shape[2 * j + 1] + 1.5);
            for (int i = 0; i < rows; i++) values[i * cols + j] = offset + spread * values[i * cols + j];
        }
        return new ValueTargets(Matrix<double>.Create(rows, cols, values), [.. Enumerable.Range(0, cols).Select(j => $"y{j}")], false);
    }

    private static bool Close(Matrix<double> back, Matrix<double> original, ScalerCard scaler) =>
        Enumerable.Range(0, original.Rows).All(i => Enumerable.Range(0, original.Cols).All(j =>
            Math.Abs(back[i, j] - original[i, j]) <= 1e-12 * (Math.Abs(original[i, j]) + Math.Abs(scaler.Offset[j]) + scaler.Scale[j])));
}
