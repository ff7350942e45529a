// The context of the fragments marked <!-- fragment of loading -->: docs/data.md's loaders: the inputs they read.
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
using FunctionalNet.Data.Loading;
using LanguageExt;
static class Context
{
    static void Run(Stream stream, TextReader reader, string text, CsvOptions options, Stream images, Stream labels)
    {
        // snippet
    }
}
