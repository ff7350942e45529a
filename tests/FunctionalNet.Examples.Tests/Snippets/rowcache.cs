// The context of the fragments marked <!-- fragment of rowcache -->: docs/data.md's row cache: a data set and what a training run takes.
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
    static void Run(Dataset dataset, Architecture architecture, UpdateRule rule, Parameters<float> start, TrainingOptions options)
    {
        // snippet
    }
}
