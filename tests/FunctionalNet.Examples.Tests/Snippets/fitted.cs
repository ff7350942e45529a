// The context of the fragments marked <!-- fragment of fitted -->: README's options after the front door: a digits classifier fitted on train, and new data to continue on.
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
    static void Run(Dataset train, Dataset newData, Classifier classifier)
    {
        // snippet
    }
}
