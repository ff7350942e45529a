// The context of the fragments marked <!-- fragment of scoring -->: docs/guide.md's scoring inside an app: a fitted classifier and regressor, one row, many rows and the buffers.
using FunctionalNet;
using FunctionalNet.Calculus;
using FunctionalNet.Data;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Training;

static class Context
{
    static void Run(Classifier classifier, Regressor regressor, ReadOnlySpan<double> row, Span<double> values, ReadOnlySpan<double> rows, Span<double> batchProbabilities)
    {
        // snippet
    }
}
