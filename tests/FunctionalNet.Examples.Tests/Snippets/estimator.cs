// The context of the fragments marked <!-- fragment of estimator -->: docs/guide.md's model as a value: a finished training run on digits, with its data and scaler.
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
using FunctionalNet.Data.Preprocessing;
static class Context
{
    static void Run(TrainingIterate<double> last, Architecture arch, Dataset train, IFeatureTransform scaler)
    {
        // snippet
    }
}
