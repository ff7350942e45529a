using System.Collections.Immutable;
using FunctionalNet.Calculus;
using FunctionalNet.Curvature;
using FunctionalNet.Data;
using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Curvature;

/// <summary>The cost the Hessian is taken of is the cost the model was trained on, class weights included.</summary>
public sealed class CostBatchTests
{
    [Fact]
    public void A_class_weighted_model_is_inspected_on_its_class_weighted_cost()
    {
        var train = Generators.Moons(Rng.Create(3), 60, 0.1);
        var weights = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(train.Classes.ClassNames[1], 4.0)]);
        var model = Classifier.Fit(train, new MlpOptions { Layers = [4], Epochs = 20, Patience = 0, ClassWeights = weights })
            .Match(m => m, e => throw new InvalidOperationException(string.Join("; ", e.Select(x => x.Message))));
        var parameters = CostBatch.Weights(model.Weights);

        var batch = CostBatch.Of(model, train.Features, train.Labels);
        var spectrum = HessianSpectrum.Compute(model.Architecture, parameters, batch, new LanczosOptions(Top: 1, Bottom: 0, MaxSteps: 5))
            .Match(s => s, e => throw new InvalidOperationException(e.Message));

        // Independently: the training rule's per-row weights (ClassWeights.Apply) on the scaled rows.
        var weighted = ClassWeights.Apply(train, [1.0, 4.0]).Match(d => d, e => throw new InvalidOperationException(e.Message));
        var expected = new Batch<double>(model.Scaler!.Apply(train.Features), batch.Targets,
            Matrix<double>.Create(train.Count, 1, [.. weighted.Weights]));
        var unweighted = new Batch<double>(batch.Features, batch.Targets);
        Assert.Equal(Network.Cost(model.Architecture, parameters, expected), spectrum.Cost);
        Assert.NotEqual(Network.Cost(model.Architecture, parameters, unweighted), spectrum.Cost);
    }
}
