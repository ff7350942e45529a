// The context of the fragments marked <!-- fragment of multilabel -->: docs/guide.md's multi-label models: features and 0/1 indicators, rows to predict and a test set.
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
    static void Run(Matrix<double> features, Matrix<double> indicators, Matrix<double> rows, Dataset test)
    {
        // snippet
    }
}
