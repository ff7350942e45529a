using FunctionalNet.Model.Activations;

namespace FunctionalNet.Tests.Model;

/// <summary>
/// gelu, silu and softplus with their first and second derivatives against PyTorch 1.13 in float64 (torch.nn.GELU(),
/// SiLU(), Softplus(); derivatives by autograd with create_graph), printed by make_activation_answers.py
/// (/usr/bin/python3, Debian python3-torch). Where PyTorch's own float64 formula cancels, the script prints mpmath's
/// value at 50 digits instead and the tests use that: gelu and gelu′ at −30, −10 and −5 (1 + erf loses
/// Φ's left tail: PyTorch gives −0 for gelu(−10)), silu″ and softplus″ at 5 and beyond (1 − σ). The derivatives are read
/// through the public products: Backward with δ = 1 gives f′, BackwardTangent with R{z} = 1, δ = 1, R{δ} = 0 gives f″.
/// </summary>
public sealed class ActivationKnownAnswerTests
{
    private static readonly double[] Inputs = [-30, -10, -5, -3, -1, -0.5, 0, 1e-3, 0.5, 1, 3, 5, 10];

    [Fact]
    public void Gelu_matches_pytorch() => Check(Activation.Gelu, Inputs,
        [-1.472014178144456e-196, -7.619853024160526e-23, -1.4332578593959695e-06, -0.00404969409489031, -0.15865525393145702, -0.15426876936299344, 0.0,
            0.000500398942213911, 0.34573123063700656, 0.841344746068543, 2.99595030590511, 4.999998566742141, 10.0],
        [-4.416031690708495e-195, -7.618400096464814e-22, -7.146946001792295e-06, -0.01194564720418392, -0.08331547058768635,
            0.13250487534383712, 0.5, 0.5007978842948414, 0.8674951246561629, 1.0833154705876864, 1.011945647204184,
            1.000007146946002, 1.0],
        [-1.3233342291209357e-193, -7.540706654172292e-21, -3.4194548838888845e-05, -0.031022938883566054, 0.24197072451914337,
            0.6161143218375241, 0.7978845608028654, 0.7978837629186039, 0.6161143218375241, 0.24197072451914337,
            -0.031022938883566054, -3.4194548838888845e-05, -7.540706654172292e-21]);

    [Fact]
    public void Silu_matches_pytorch() => Check(Activation.Silu, Inputs,
        [-2.8072868906517896e-12, -0.0004539786870243439, -0.03346425462142428, -0.14227761953270035, -0.2689414213699951,
            -0.1887703343990727, 0.0, 0.0005002499999791667, 0.3112296656009273, 0.7310585786300049, 2.8577223804672998,
            4.966535745378576, 9.999546021312975],
        [-2.713710660963134e-12, -0.00040856020865708237, -0.02654743242966592, -0.08810410601516962, 0.07232948812851325,
            0.2600388126973482, 0.5, 0.5004999999166666, 0.7399611873026519, 0.9276705118714869, 1.0881041060151693,
            1.0265474324296655, 1.0004085602086568],
        [-2.6201344312742334e-12, -0.00036312524442922865, -0.019499225490032506, -0.032321404521006174, 0.3023661188100153,
            0.44122902697702865, 0.5, 0.49999975000006247, 0.4412290269770286, 0.3023661188100153, -0.03232140452100613,
            -0.019499225490032506, -0.0003631252444292286]);

    [Fact]
    public void Softplus_matches_pytorch_in_both_tails_and_above_its_threshold() => Check(Activation.Softplus,
        [-800, -40, -5, -1, 0, 1e-3, 1, 5, 19.5, 20, 20.5, 30, 1000],
        [0.0, 4.248354255291589e-18, 0.006715348489118068, 0.31326168751822286, 0.6931471805599453, 0.6936473055599401,
            1.3132616875182228, 5.006715348489118, 19.500000003398267, 20.000000002061153, 20.5, 30.0, 1000.0],
        [0.0, 4.248354255291589e-18, 0.006692850924284856, 0.2689414213699951, 0.5, 0.5002499999791666, 0.7310585786300049,
            0.9933071490757152, 0.9999999966017322, 0.9999999979388464, 1.0, 1.0, 1.0],
        // At exactly 20 PyTorch's double backward cuts at x < 20 and gives 0, while f and f′ still take the log1p branch
        // there; ours is that branch's σ(1 − σ) = e^−20/(1 + e^−20)², consistent with f′.
        [0.0, 4.248354255291589e-18, 0.006648056670790155, 0.19661193324148185, 0.25, 0.24999993750001043,
            0.19661193324148185, 0.006648056670790155, 3.398267796398623e-09, Math.Exp(-20) / Math.Pow(1 + Math.Exp(-20), 2), 0.0, 0.0, 0.0]);

    [Fact]
    public void Float32_values_match_pytorchs_float64_to_single_precision()
    {
        // The float64 answers above at inputs exact in float32; float32 rounds once more.
        float[] z = [-5, -1, -0.5f, 0, 0.5f, 1, 3, 10];
        double[] gelu = [-1.4332578593401202e-06, -0.15865525393145702, -0.15426876936299344, 0.0, 0.34573123063700656, 0.841344746068543, 2.99595030590511, 10.0];
        double[] silu = [-0.03346425462142428, -0.2689414213699951, -0.1887703343990727, 0.0, 0.3112296656009273, 0.7310585786300049, 2.8577223804672998, 9.999546021312975];
        foreach (var (activation, expected) in new[] { (Activation.Gelu, gelu), (Activation.Silu, silu) })
        {
            var a = new float[z.Length];
            activation.Forward<float>(z, a, z.Length);
            for (int i = 0; i < z.Length; i++) Assert.Equal(expected[i], a[i], 2e-7 * Math.Max(1e-3, Math.Abs(expected[i])));
        }
    }

    [Theory]
    [InlineData("gelu", "gelu")]
    [InlineData("GELU", "gelu")]
    [InlineData("silu", "silu")]
    [InlineData("swish", "silu")]
    [InlineData("softplus", "softplus")]
    public void New_names_parse_and_round_trip(string text, string name)
    {
        var activation = Activation.Parse(text)!;
        Assert.Equal(name, activation.Name);
        Assert.Equal(activation, Activation.Parse(activation.Name));
    }

    [Theory]
    [InlineData("gelu(1)")]
    [InlineData("softplus(2)")]
    [InlineData("swish(")]
    public void New_names_take_no_argument(string text) => Assert.Null(Activation.Parse(text));

    private static double[] Forward(Activation f, double[] z)
    {
        var a = new double[z.Length];
        f.Forward<double>(z, a, z.Length);
        return a;
    }

    private static void Check(Activation f, double[] z, double[] value, double[] first, double[] second)
    {
        var a = Forward(f, z);
        var ones = Enumerable.Repeat(1.0, z.Length).ToArray();
        var d1 = new double[z.Length];
        f.Backward<double>(z, a, ones, d1, z.Length);
        var d2 = new double[z.Length];
        f.BackwardTangent<double>(z, a, ones, ones, new double[z.Length], d2, z.Length);
        for (int i = 0; i < z.Length; i++)
        {
            Close(z[i], value[i], a[i], $"{f.Name}({z[i]})");
            Close(z[i], first[i], d1[i], $"{f.Name}′({z[i]})");
            Close(z[i], second[i], d2[i], $"{f.Name}″({z[i]})");
        }
    }

    // Relative 1e-14, widened by z² in gelu's tail: rounding z/√2 moves erfc(−z/√2) by about z² ulps (d log erfc(u)/du ≈ −2u).
    private static void Close(double z, double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-14 * (1 + z * z) * Math.Abs(expected),
            $"{what}: expected {expected:R}, found {actual:R}");
}
