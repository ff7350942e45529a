using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;

namespace FunctionalNet.Tests.Evaluation;

public class BaselineTests
{
    private static Architecture Logistic(Dataset data) =>
        Baselines.LogisticRegression(data).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));

    // Plain full-batch gradient descent from zero (the optimizers live elsewhere; this is only a test harness).
    private static double TrainedAccuracy(Dataset data, int steps = 400, double rate = 1.0)
    {
        var arch = Logistic(data);
        var batch = data.ToBatch<double>(arch);
        var p = Parameters<double>.Zeros(arch.Layout);
        double first = Network.Cost(arch, p, batch), last = first;
        for (int t = 0; t < steps; t++)
        {
            var (cost, gradient) = Network.CostAndGradient(arch, p, batch);
            last = cost;
            p = p.AddScaled(-rate, gradient);
        }
        Assert.True(last < first, $"gradient descent should lower the cost, went from {first} to {last}");
        return ClassificationMetrics.Accuracy(data.Labels, Network.PredictLabels(arch, p, data.Features));
    }

    [Fact]
    public void Two_classes_use_one_sigmoid_unit_and_more_use_softmax()
    {
        var binary = Baselines.LogisticRegression(2, 2).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal((1, Activation.Sigmoid, Loss.BinaryCrossEntropy), (binary.Outputs, binary.Output.Activation, binary.Loss));
        Assert.Single(binary.Layers);
        var multi = Baselines.LogisticRegression(64, 10, lambda: 0.5).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        Assert.Equal("64-10", multi.Shape);
        Assert.Equal((Activation.Softmax, Loss.CrossEntropy, 0.5), (multi.Output.Activation, multi.Loss, multi.Lambda));
        Assert.Equal("baseline.classes", Baselines.LogisticRegression(3, 1).Match(_ => "", e => e.Head.Code));
    }

    [Fact]
    public void Logistic_regression_draws_a_straight_line_so_it_cannot_fit_the_moons()
    {
        double accuracy = TrainedAccuracy(Generators.Moons(Rng.Create(0), 400, 0.1));
        // A line through two moons gets about 85–89 %; the curved boundary a hidden layer finds gets ~100 %.
        Assert.InRange(accuracy, 0.75, 0.9);
    }

    [Fact]
    public void Logistic_regression_separates_well_separated_blobs()
    {
        var centres = FunctionalNet.Matrix<double>.FromRows([[-3.0, 0.0], [3.0, 0.0]]);
        var blobs = Generators.Blobs(Rng.Create(1), 400, centres, spread: 1.0);
        Assert.True(TrainedAccuracy(blobs) >= 0.97);
    }

    [Fact]
    public void Softmax_regression_separates_three_standardised_blobs()
    {
        var blobs = Generators.Blobs(Rng.Create(2), 300, FunctionalNet.Matrix<double>.FromRows([[0.0, 8], [-7.0, -4], [7.0, -4]]), spread: 1.5);
        var scaled = StandardScaler.Fit(blobs).Apply(blobs);
        Assert.True(TrainedAccuracy(scaled, steps: 300) >= 0.97);
    }
}
