using System.Numerics;
using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Kernels;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// The narrow kernel's block cost, Σ weight · cost over a block's rows (<c>NarrowOutput.WeightedSum</c>: the products a
/// register at a time, then the unrolled chain of additions), against the row-by-row loop it replaced, bit for bit, for
/// any weights and costs (zeros, −0, subnormals, infinities and NaN among them), in double and float, 256- and 512-bit lanes.
/// </summary>
public class NarrowCostSumProperties
{
    private const int B = NarrowNetwork.BlockRows;

    [Property(MaxTest = 200)]
    public Property The_block_cost_is_the_row_by_row_sums_bits() => Prop.ForAll(
        Gen.ArrayOf(Gen.OneOf(ArbMap.Default.GeneratorFor<double>(), Gen.Elements(0.0, -0.0, 1.0, double.Epsilon, double.MaxValue)), 2 * B).ToArbitrary(),
        values => Same<double>(values) && Same<float>(values));

    private static bool Same<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var weight = values.Take(B).Select(T.CreateTruncating).ToArray();
        var cost = values.Skip(B).Select(T.CreateTruncating).ToArray();
        double expected = 0;
        for (int b = 0; b < B; b++) expected += double.CreateTruncating(weight[b] * cost[b]);
        // NaN's payload may come from either operand of the first NaN product: a NaN sum need only stay a NaN.
        bool Equal(double actual) => BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected) || double.IsNaN(actual) && double.IsNaN(expected);
        return (!Vector512.IsHardwareAccelerated || Equal(NarrowOutput<T>.WeightedSum<Vector512<T>, RowLanes512<T>>([.. cost], ref weight[0])))
            && Equal(NarrowOutput<T>.WeightedSum<Vector256<T>, RowLanes256<T>>([.. cost], ref weight[0]));
    }
}
