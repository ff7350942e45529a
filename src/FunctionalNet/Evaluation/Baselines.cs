using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet;

/// <summary>Reference models to compare a network against.</summary>
public static class Baselines
{
    /// <summary>
    /// Logistic regression as a network with no hidden layer: one sigmoid unit with binary cross-entropy for two
    /// classes, k softmax units with cross-entropy for k &gt; 2. Train it with any optimizer; its decision boundary
    /// is a straight line (hyperplane), which is the moons tutorial's point of comparison.
    /// </summary>
    public static Validation<Error, Architecture> LogisticRegression(int inputs, int classes, double lambda = 0)
    {
        if (classes < 2)
            return Validation<Error, Architecture>.Fail(Seq1(new Error("baseline.classes", $"logistic regression needs at least 2 classes, found {classes}")));
        return classes == 2
            ? Architecture.Create(inputs, [new Layer(1, Activation.Sigmoid)], Loss.BinaryCrossEntropy, lambda)
            : Architecture.Create(inputs, [new Layer(classes, Activation.Softmax)], Loss.CrossEntropy, lambda);
    }

    /// <summary>Logistic regression sized for a classification data set (its features and classes).</summary>
    public static Validation<Error, Architecture> LogisticRegression(Dataset data, double lambda = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        return LogisticRegression(data.FeatureCount, data.Classes.ClassCount, lambda);
    }
}
