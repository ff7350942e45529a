using System.Text;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Evaluation;
using FunctionalNet.Formats.Charts;
using FunctionalNet.Tensors;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Training;

/// <summary>Writes the run's SVG pictures into the model directory (each atomically).</summary>
internal static class Pictures
{
    /// <summary>
    /// A regression's pictures. Only loss.svg for now: the boundary and confusion pictures are a classifier's, and the
    /// predicted-vs-true and residual charts a regression needs (issue 14) are to be drawn here, from the plotting
    /// assembly being built for them, which does not exist yet.
    /// </summary>
    public static IReadOnlyList<string> WriteRegression(string directory, ImmutableCosts costs, bool logScale) =>
        [WriteLoss(directory, costs, logScale)];

    private static string WriteLoss(string directory, ImmutableCosts costs, bool logScale)
    {
        string path = Path.Combine(directory, "loss.svg");
        AtomicWrite.Write(path, Encoding.UTF8.GetBytes(LossChart.Render(costs.Training, costs.Validation.Count > 0 ? costs.Validation : null, logScale, "Cost per epoch")));
        return path;
    }

    public static IReadOnlyList<string> Write(string directory, ImmutableCosts costs, bool logScale,
        Matrix<double>? points, IReadOnlyList<int>? labels, Func<Matrix<double>, int[]> classify, ConfusionMatrix? confusion,
        IReadOnlyList<string> classes)
    {
        var written = new List<string>();
        void Save(string name, string svg)
        {
            string path = Path.Combine(directory, name);
            AtomicWrite.Write(path, Encoding.UTF8.GetBytes(svg));
            written.Add(path);
        }
        written.Add(WriteLoss(directory, costs, logScale));
        if (points is { Cols: 2 } && labels is not null)
            Save("boundary.svg", BoundaryChart.Render(BoundaryGrid.Evaluate(points, classify), points, labels, classes));
        if (confusion is not null)
            Save("confusion.svg", ConfusionChart.Render(
                [.. Enumerable.Range(0, confusion.Classes).Select(i => (IReadOnlyList<int>)[.. Enumerable.Range(0, confusion.Classes).Select(j => confusion[i, j])])],
                classes, "Confusion matrix (test)"));
        return written;
    }
}

/// <summary>Training and validation cost per epoch.</summary>
internal sealed record ImmutableCosts(IReadOnlyList<double> Training, IReadOnlyList<double> Validation);
