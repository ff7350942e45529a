// The context of the fragments marked <!-- fragment of optimizers-fit -->: docs/optimizers.md's custom rule: what the walk-through above declared.
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
    static void Run(Architecture arch, Batch<float> train, Batch<float> validation, Parameters<float> start, TrainingOptions options)
    {
        // snippet
    }
}
