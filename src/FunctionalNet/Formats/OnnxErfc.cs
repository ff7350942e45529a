using System.Numerics;
using FunctionalNet.Model.Activations;

namespace FunctionalNet.Formats;

/// <summary>
/// erfc as ONNX arithmetic, for float64 graphs: ONNX Runtime's CPU provider runs Erf (and so Gelu) on float only. The
/// nodes repeat <see cref="SpecialFunctions.Erfc"/> step for step — Cody's three rational approximations with the same
/// coefficients, chosen per element by Where — so a float64 model keeps double precision.
/// </summary>
internal static class OnnxErfc
{
    /// <summary>Adds nodes computing erfc(<paramref name="u"/>) elementwise, named from <paramref name="prefix"/>; returns the output's name.</summary>
    public static string Emit<T>(OnnxGraph<T> graph, string u, string prefix) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int count = 0;
        string Next() => $"{prefix}_{count++}";
        string Constant(double value) => graph.Scalar(Next(), value);
        string Op(string op, params string[] inputs)
        {
            string name = Next();
            graph.Node(op, name, inputs, name);
            return name;
        }
        string Ratio(double[] numerator, double[] denominator, string t) => Op("Div", Horner(numerator, t), Horner(denominator, t));
        string Horner(double[] coefficients, string t)
        {
            string acc = Constant(coefficients[0]);
            for (int i = 1; i < coefficients.Length; i++) acc = Op("Add", Op("Mul", acc, t), Constant(coefficients[i]));
            return acc;
        }

        string one = Constant(1), y = Op("Abs", u);
        // |u| ≤ 0.46875: 1 − u·R(u²).
        string inner = Op("Sub", one, Op("Mul", u, Ratio(SpecialFunctions.InnerNumerator, SpecialFunctions.InnerDenominator, Op("Mul", u, u))));
        // e^(−y²) = e^(−s²)·e^(−(y − s)(y + s)) with s = ⌊16y⌋/16, as SpecialFunctions does.
        string sixteen = Constant(16);
        string s = Op("Div", Op("Floor", Op("Mul", y, sixteen)), sixteen);
        string gauss = Op("Mul", Op("Exp", Op("Neg", Op("Mul", s, s))), Op("Exp", Op("Neg", Op("Mul", Op("Sub", y, s), Op("Add", y, s)))));
        string middle = Op("Mul", gauss, Ratio(SpecialFunctions.MiddleNumerator, SpecialFunctions.MiddleDenominator, y));
        string w = Op("Div", one, Op("Mul", y, y));
        string tail = Op("Mul", w, Ratio(SpecialFunctions.OuterNumerator, SpecialFunctions.OuterDenominator, w));
        string outer = Op("Mul", gauss, Op("Div", Op("Sub", Constant(SpecialFunctions.OneOverSqrtPi), tail), y));
        string above = Op("Where", Op("LessOrEqual", y, Constant(SpecialFunctions.Middle)), middle, outer);
        string signed = Op("Where", Op("Less", u, Constant(0)), Op("Sub", Constant(2), above), above);
        return Op("Where", Op("LessOrEqual", y, Constant(SpecialFunctions.Inner)), inner, signed);
    }
}
