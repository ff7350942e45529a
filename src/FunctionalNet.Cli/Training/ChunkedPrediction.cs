using System.Numerics;
using FunctionalNet.Calculus;
using FunctionalNet.Model;
using FunctionalNet.Tensors;

namespace FunctionalNet.Cli.Training;

/// <summary>
/// Class predictions for many rows, a block of rows at a time: a row's outputs do not depend on the rows beside it
/// (the batch-vs-row identity of the kernels), so the labels are the same as one whole-set pass, whose activations
/// would take 2 × rows × units values (1.9 GB for 600,000 rows of 784-256-128-10 in float32).
/// </summary>
internal static class ChunkedPrediction
{
    private const int Rows = 4096;

    public static int[] Labels<T>(Architecture architecture, Parameters<T> parameters, Matrix<T> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (features.Rows <= Rows) return Network.PredictLabels(architecture, parameters, features);
        var labels = new int[features.Rows];
        for (int start = 0; start < features.Rows; start += Rows)
        {
            int count = Math.Min(Rows, features.Rows - start);
            Network.PredictLabels(architecture, parameters, features.Slice(start, count)).CopyTo(labels, start);
        }
        return labels;
    }
}
