using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Cli.Tests.Support;
using FunctionalNet.Formats;
using FunctionalNet.IO;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Tensors;
using nietras.SeparatedValues;

namespace FunctionalNet.Cli.Tests;

/// <summary>
/// What <c>fnet predict</c> prints is the saved classifier's own answer: its <c>Predict</c> labels and, with --proba,
/// exactly its <c>PredictProba</c> columns (two for one sigmoid output), as CSV that an independent RFC 4180 reader
/// (Sep) reads back cell for cell whatever the class names hold.
/// </summary>
public class PredictOutputProperties
{
    // Commas, quotes, both line breaks and spaces: every character RFC 4180 treats specially, and some that it does not.
    private static readonly char[] Alphabet = ['a', 'B', '7', ',', '"', '\n', '\r', ' ', 'é', ';'];

    private static Gen<string[]> Names(int count) =>
        Gen.Elements(Alphabet).ArrayOf().Where(cs => cs.Length is >= 1 and <= 6).Select(cs => new string(cs))
            .ArrayOf(count).Where(names => names.Distinct(StringComparer.Ordinal).Count() == count);

    /// <summary>A random classifier: softmax over 2–4 classes or one sigmoid unit, float32 or float64, with or without a scaler.</summary>
    private static Gen<(Classifier Model, string Description)> Classifiers =>
        from inputs in Gen.Choose(1, 4)
        from outputs in Gen.Choose(1, 4)
        from float32 in Gen.Elements(false, true)
        from scaled in Gen.Elements(false, true)
        from seed in Gen.Choose(0, int.MaxValue)
        from classes in Names(Math.Max(2, outputs))
        select (Build(inputs, outputs, float32, scaled, seed, classes),
            $"{inputs} inputs, {(outputs == 1 ? "one sigmoid" : $"softmax over {outputs}")}, {(float32 ? "float32" : "float64")}{(scaled ? ", scaled" : "")}, seed {seed}, classes [{string.Join(" | ", classes.Select(c => c.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)))}]");

    internal static Classifier Build(int inputs, int outputs, bool float32, bool scaled, int seed, string[] classes)
    {
        var (activation, loss) = outputs == 1 ? (Activation.Sigmoid, (Loss)Loss.BinaryCrossEntropy) : (Activation.Softmax, Loss.CrossEntropy);
        var arch = Architecture.Mlp([inputs, 5, outputs], Activation.Tanh, activation, loss).Match(a => a, e => throw new InvalidOperationException(e.Head.Message));
        var rng = Rng.Create((ulong)seed);
        var parameters = Initializer.Xavier.Initialize<double>(arch, rng.Fork(0));
        var weights = float32 ? (NetworkWeights)new NetworkWeights.F32(parameters.Convert<float>()) : new NetworkWeights.F64(parameters);
        var scaler = scaled ? new ScalerCard("standard", [.. Uniform(inputs, rng.Fork(1), -1, 1)], [.. Uniform(inputs, rng.Fork(2), 0.5, 2)]) : null;
        return Classifier.Create(arch, weights, scaler, [.. classes], [.. Features(inputs)], TrainingSummary.None)
            .Match(c => c, e => throw new InvalidOperationException(e.Message));
    }

    private static IEnumerable<string> Features(int inputs) => Enumerable.Range(0, inputs).Select(i => "x" + i.ToString(CultureInfo.InvariantCulture));

    private static double[] Uniform(int count, Rng rng, double low, double high)
    {
        var values = new double[count];
        rng.FillUniform<double>(values, low, high);
        return values;
    }

    private static string FeatureCsv(TempDirectory dir, Matrix<double> rows)
    {
        var csv = new StringBuilder().AppendJoin(',', Features(rows.Cols)).Append('\n');
        for (int r = 0; r < rows.Rows; r++)
            csv.AppendJoin(',', Enumerable.Range(0, rows.Cols).Select(c => rows[r, c].ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        return dir.Write("rows.csv", csv.ToString());
    }

    /// <summary>Every record of <paramref name="text"/> as Sep reads it: quotes removed and doubled quotes undone.</summary>
    private static List<string[]> Records(string text)
    {
        var records = new List<string[]>();
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true }).FromText(text);
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (int c = 0; c < cells.Length; c++) cells[c] = row[c].ToString();
            records.Add(cells);
        }
        return records;
    }

    /// <summary>Saves the drawn classifier, predicts on <paramref name="count"/> random rows through <c>fnet predict</c> and returns the rows and Sep's records.</summary>
    private static (Matrix<double> Rows, List<string[]> Records) Predicted((Classifier Model, string Description) drawn, int count, params string[] options)
    {
        using var dir = new TempDirectory();
        Assert.True(ModelFiles.Save(dir["m"], drawn.Model).IsRight);
        var rows = Matrix<double>.Create(count, drawn.Model.Inputs, Uniform(count * drawn.Model.Inputs, Rng.Create((ulong)count), -4, 4));
        var run = Fnet.InProcess(["predict", "--model", dir["m"], "--data", FeatureCsv(dir, rows), .. options]);
        Assert.True(run.ExitCode == 0, $"{drawn.Description}: {run.Error}");
        return (rows, Records(run.Out));
    }

    [Property(MaxTest = 40)]
    public Property Predict_proba_prints_the_classifiers_PredictProba_as_csv_a_reader_reads_back() =>
        Prop.ForAll(Classifiers.ToArbitrary(), drawn =>
        {
            var model = drawn.Model;
            var (rows, records) = Predicted(drawn, 9, "--proba");
            var labels = model.Predict(rows);
            var probabilities = model.PredictProba(rows);
            // One column per class, even for one sigmoid unit, in every record.
            Assert.All(records, cells => Assert.Equal(model.Classes.Length + 1, cells.Length));
            Assert.Equal(["label", .. model.Classes.Select(c => "p_" + c)], records[0]);
            Assert.Equal(rows.Rows + 1, records.Count);
            for (int r = 0; r < rows.Rows; r++)
            {
                Assert.Equal(labels[r], records[r + 1][0]);
                Assert.Equal(probabilities.Row(r).ToArray(), records[r + 1][1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)));
            }
            return true;
        });

    [Property(MaxTest = 20)]
    public Property Predict_without_proba_quotes_each_label_as_a_reader_expects() =>
        Prop.ForAll(Classifiers.ToArbitrary(), drawn =>
        {
            var (rows, records) = Predicted(drawn, 7);
            Assert.Equal([["label"], .. drawn.Model.Predict(rows).Select(l => new[] { l })], records);
            return true;
        });
}
