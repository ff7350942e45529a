using FsCheck.Fluent;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tests.Support;

namespace FunctionalNet.Tests.Calculus;

/// <summary>Backpropagation agrees with fourth-order central differences for every activation × loss pair.</summary>
public class GradientProperties
{
    [Theory]
    [MemberData(nameof(ActivationLossPairs.All), MemberType = typeof(ActivationLossPairs))]
    public void Analytic_gradient_matches_central_differences(string hidden, string loss)
    {
        var activation = ActivationLossPairs.Resolve(hidden);
        Properties.Check(Prop.ForAll(RandomNetworks.Cases(activation, Loss.Parse(loss)!), c =>
        {
            var report = GradientCheck.Run(c.Architecture, c.Parameters, c.Batch);
            Assert.True(report.MaxRelativeError < 1e-6,
                $"{c}: relative error {report.MaxRelativeError:E3} at {report.Location} (analytic {report.Analytic:R}, numeric {report.Numeric:R})");
        }), cases: 200);
    }

    [Fact]
    public void The_checker_catches_a_wrong_derivative()
    {
        // tanh with the derivative of the sigmoid: the check must fail loudly, or the properties above prove nothing.
        var wrong = Activation.Custom("bad-tanh", Math.Tanh, (_, a) => a * (1 - a), (_, _) => 0);
        var c = RandomNetworks.Build(wrong, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [4], 2, 5, false, 11);
        Assert.True(GradientCheck.Run(c.Architecture, c.Parameters, c.Batch).MaxRelativeError > 1e-2);
    }

    [Fact]
    public void The_report_names_the_parameter_in_pytorch_terms()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [4], 2, 5, false, 3);
        Assert.Equal("layers.0.weight[1, 2]", GradientCheck.Describe(c.Architecture.Layout, 5));
        Assert.Equal("layers.0.bias[3]", GradientCheck.Describe(c.Architecture.Layout, 15));
        Assert.Equal("layers.1.weight[1, 0]", GradientCheck.Describe(c.Architecture.Layout, 20));
    }
}
