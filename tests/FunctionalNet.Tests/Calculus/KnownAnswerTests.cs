using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Calculus;

/// <summary>Cost and gradient of a fixed 2-5-5-2 sigmoid network against numbers computed independently.</summary>
public class KnownAnswerTests
{
    // Computed with PyTorch 1.13 autograd in float64 (/usr/bin/python3, Debian python3-torch):
    //   W_k[r, c] = 0.5·sin(1 + 7k + 3r + c) (shape [out × in]),  b_k[r] = 0.1·cos(2 + 5k + r),  k = 0, 1, 2
    //   X = [[0.5, -0.2], [1.5, 0.3], [-0.7, 0.9], [0.1, 0.1]],  Y = one-hot of labels [0, 1, 1, 0],  λ = 0.3, m = 4
    //   a = X; for each layer: a = sigmoid(a @ W.T + b)
    //   J = -(Y·log a + (1−Y)·log(1−a)).sum()/m + λ/(2m)·Σ_k (W_k²).sum();  J.backward()
    //   printed J.item() and, per layer, W.grad.ravel() then b.grad.ravel() with repr().
    private const double ExpectedCost = 1.6496730673365159;

    private static readonly double[] ExpectedGradient =
    [
        0.031073447266437678, 0.03769136476264291, -0.028685605053140453, -0.033974765322796724, 0.024755574307097686,
        0.03568271101284616, -0.020167384834161584, -0.041059006853376497, 0.01589837470627965, 0.034761575537515924,
        -0.0021325375809973803, -0.0012241700772138962, 0.0008084599755825068, 0.001994920110749984, 0.0013904343796833825,
        0.03369928004925773, 0.0067221220525999735, -0.023412573240702856, -0.04688895425052765, -0.023649114582424864,
        -0.03666837598609231, -0.01756746210199982, 0.016470270230611237, 0.03989103544510561, 0.025248529096924956,
        0.04141045340628112, 0.035799951956466826, -0.007045648594302513, -0.023783972658082346, -0.023738233784242672,
        -0.03219962220428235, -0.018260159389434955, 0.00902944473870567, 0.04488371944610302, 0.03536704887296431,
        0.03405372190625741, 0.03053527766384183, -0.00047311813970446704, -0.032633321327553866, -0.03414787052210185,
        -0.012472403616210631, 0.0034775658164080455, 0.016112354871750802, 0.014137398173362754, -0.0010475140832243582,
        0.0015099562260857506, -0.0386230094508027, -0.05824777202722503, -0.05360540776654765, -0.019294334003865696,
        0.013354569312867916, 0.05417409328482554, 0.07409728224071323, 0.07617500120457929, 0.04386443584573858,
        -0.050615630313307444, 0.08970022560000294,
    ];

    [Fact]
    public void Cost_and_gradient_of_the_2_5_5_2_sigmoid_network_match_pytorch()
    {
        var arch = Architecture.Mlp([2, 5, 5, 2], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 0.3)
            .Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var theta = new double[arch.Layout.Count];
        for (int k = 0; k < 3; k++)
        {
            var s = arch.Layout.Slots[k];
            for (int r = 0; r < s.Outputs; r++)
            {
                for (int c = 0; c < s.Inputs; c++) theta[s.WeightOffset + r * s.Inputs + c] = 0.5 * Math.Sin(1 + 7 * k + 3 * r + c);
                theta[s.BiasOffset + r] = 0.1 * Math.Cos(2 + 5 * k + r);
            }
        }
        var x = Matrix<double>.Create(4, 2, [0.5, -0.2, 1.5, 0.3, -0.7, 0.9, 0.1, 0.1]);
        var y = Matrix<double>.Create(4, 2, [1, 0, 0, 1, 0, 1, 1, 0]);

        var (cost, gradient) = Network.CostAndGradient(arch, Parameters<double>.FromFlat(arch.Layout, theta), new Batch<double>(x, y));

        Assert.Equal(ExpectedCost, cost, 1e-12);
        Assert.Equal(ExpectedGradient.Length, gradient.Count);
        for (int i = 0; i < ExpectedGradient.Length; i++) Assert.Equal(ExpectedGradient[i], gradient.Flat[i], 1e-12);
    }
}
