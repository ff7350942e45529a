using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Data.Tables;
using FunctionalNet.Formats;
using FunctionalNet.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static FunctionalNet.Tests.Tables.RandomTables;

namespace FunctionalNet.Tests.Formats;

/// <summary>
/// A classifier fitted on a raw table, exported with its preprocessing: ONNX Runtime, given the raw columns (gaps,
/// unseen and infrequent categories), gives what <see cref="Classifier.PredictProba(Table)"/> gives.
/// </summary>
public class OnnxTableExportTests
{
    // Every spelling fnet predict reads as missing, used in turn for the text gaps.
    private static readonly string[] Markers = [.. TableOptions.DefaultMissingValues];

    private static Table Labelled(Table features)
    {
        var labels = new TextColumn("y", [.. Enumerable.Range(0, features.Rows).Select(r => r % 2 == 0 ? "yes" : "no")]);
        return Table.Create([.. features.Columns, labels]).Match(t => t, e => throw new InvalidOperationException(e.Message));
    }

    // New raw rows: other gaps, and in row 3 a category no training row had.
    private static Table NewRows(int seed, int cols) =>
        Table.Create(Make(seed, 9, cols).Columns.Select(c => c is TextColumn t ? new TextColumn(t.Name, [.. t.Values.Select((v, r) => r == 3 ? "zz" : v)]) : c))
            .Match(t => t, e => throw new InvalidOperationException(e.Message));

    internal static byte[] Export(Classifier model, int opset = OnnxExport.DefaultOpset)
    {
        var options = new OnnxExportOptions(model.Scaler, model.FeatureNames, model.Classes, opset) { Table = model.Preprocessing };
        var bytes = model.Weights switch
        {
            NetworkWeights.F32 s => OnnxExport.Write(model.Architecture, s.Parameters, options),
            NetworkWeights.F64 d => OnnxExport.Write(model.Architecture, d.Parameters, options),
            _ => throw new InvalidOperationException("unknown weights"),
        };
        return bytes.Match(b => b, e => throw new InvalidOperationException(e.Message));
    }

    // Each raw column as an [N × 1] input: numbers of T (NaN missing), strings (a missing marker where missing).
    private static Dictionary<string, OrtValue> Inputs<T>(Table rows, string[]? markers = null) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        rows.Columns.ToDictionary(c => c.Name, c => c switch
        {
            NumberColumn n => OrtValue.CreateTensorValueFromMemory(n.Values.Select(T.CreateTruncating).ToArray(), [n.Count, 1]),
            TextColumn t => OrtValue.CreateFromStringTensor(new DenseTensor<string>(t.Values.Select((v, r) => v ?? (markers ?? Markers)[r % (markers ?? Markers).Length]).ToArray(), [t.Count, 1])),
            _ => throw new InvalidOperationException(),
        });

    private static (double[] Probabilities, long[] Labels) Run(byte[] bytes, Table rows, bool float32, string[]? markers = null)
    {
        var inputs = float32 ? Inputs<float>(rows, markers) : Inputs<double>(rows, markers);
        try
        {
            if (float32)
            {
                var (v, l) = OnnxRuntimeRun.Run<float>(bytes, inputs);
                return ([.. v["probabilities"].Values.Select(x => (double)x)], l["label"].Values);
            }
            var (values, labels) = OnnxRuntimeRun.Run<double>(bytes, inputs);
            return (values["probabilities"].Values, labels["label"].Values);
        }
        finally
        {
            foreach (var input in inputs.Values) input.Dispose();
        }
    }

    [Property(MaxTest = 12)]
    public Property Onnx_runtime_on_raw_rows_with_gaps_and_unseen_categories_gives_the_classifiers_probabilities() =>
        Prop.ForAll(Shapes(maxRows: 20, maxCols: 4), Gen.Choose(0, 63).ToArbitrary(), (shape, flags) =>
        {
            bool float32 = (flags & 1) != 0;
            var table = new TablePreprocessingOptions
            {
                MissingIndicator = (flags & 2) != 0,
                MaxCategories = (flags & 4) != 0 ? 2 : null,
                CategoricalImputer = (flags & 8) != 0 ? TablePreprocessingOptions.MissingCategory : "most-frequent",
                NumericImputer = (flags >> 4) switch { 0 => "median", 1 => "mean", 2 => "constant", _ => "median" },
                FillValue = -2.5,
            };
            var options = new MlpOptions { Layers = [4], Epochs = 5, Dtype = float32 ? "float32" : "float64", Scaler = (flags >> 4) == 3 ? "minmax" : "standard" };
            var model = Ok(Classifier.Fit(Labelled(Make(shape.Seed, Math.Max(shape.Rows, 2), shape.Cols)), "y", options, table));
            var rows = NewRows(shape.Seed + 1, shape.Cols);
            int opset = new[] { 13, 17, 21 }[shape.Seed % 3];
            var (p, labels) = Run(Export(model, opset), rows, float32);
            var expected = Ok(model.PredictProba(rows));
            var predicted = model.PredictIndices(Ok(model.Preprocessing!.Transform(rows)));
            double tolerance = float32 ? 1e-6 : 1e-12;
            return (p.Length == expected.Rows * expected.Cols
                && Enumerable.Range(0, p.Length).All(i => Math.Abs(p[i] - expected.Span[i]) <= tolerance * Math.Max(1, Math.Abs(expected.Span[i])))
                && Enumerable.Range(0, rows.Rows).All(r => labels[r] == predicted[r] || Math.Abs(expected[r, 0] - expected[r, 1]) < 1e-5))
                .Label($"{model.Architecture.Shape}, {model.Preprocessing!.Width} features, opset {opset}, flags {flags}");
        });

    [Fact]
    public void A_model_read_with_its_own_missing_markers_exports_them_as_the_gaps_of_its_text_columns()
    {
        string[] markers = ["-", "n/a"];
        var train = Labelled(Make(5, 16, 3)) with { MissingValues = [.. markers] };
        var model = Ok(Classifier.Fit(train, "y", new MlpOptions { Layers = [3], Epochs = 3 }));
        var rows = NewRows(6, 3);
        Assert.Contains(rows.Columns.OfType<TextColumn>().SelectMany(c => c.Values), v => v is null); // gaps to spell as "-" or "n/a"
        var (p, _) = Run(Export(model), rows, float32: false, markers);
        var expected = Ok(model.PredictProba(rows));
        Assert.Equal(expected.Rows * expected.Cols, p.Length);
        Assert.All(Enumerable.Range(0, p.Length), i => Assert.Equal(expected.Span[i], p[i], 1e-12));
    }

    [Fact]
    public void The_graph_takes_one_input_per_raw_column_numbers_as_floats_and_text_as_strings()
    {
        var model = Ok(Classifier.Fit(Labelled(Make(3, 12, 3)), "y", new MlpOptions { Layers = [3], Epochs = 2, Dtype = "float32" }));
        using var session = new InferenceSession(Export(model));
        Assert.Equal(["c0", "c1", "c2"], session.InputNames);
        Assert.Equal(typeof(float), session.InputMetadata["c0"].ElementType);
        Assert.Equal(typeof(string), session.InputMetadata["c1"].ElementType);
        Assert.Equal([-1, 1], session.InputMetadata["c1"].Dimensions);
        Assert.Equal("""["c0","c1","c2"]""", session.ModelMetadata.CustomMetadataMap["columns"]);
    }

    [Fact]
    public void With_unknown_error_an_unseen_categorys_row_is_nan_where_the_library_refuses_it()
    {
        var model = Ok(Classifier.Fit(Labelled(Make(7, 14, 2)), "y", new MlpOptions { Layers = [3], Epochs = 2 }, new TablePreprocessingOptions { Unknown = "error" }));
        var rows = NewRows(8, 2);
        Assert.Single(Errors(model.PredictProba(rows)), e => e.Code == "table.unknown-category");
        var (p, _) = Run(Export(model), rows, float32: false);
        var known = Ok(model.PredictProba(rows.SelectRows([.. Enumerable.Range(0, rows.Rows).Where(r => r != 3)])));
        for (int r = 0, k = 0; r < rows.Rows; r++)
        {
            if (r == 3)
            {
                Assert.True(double.IsNaN(p[2 * r]) && double.IsNaN(p[2 * r + 1]), $"row {r}: {p[2 * r]}, {p[2 * r + 1]}");
                continue;
            }
            Assert.Equal(known[k, 0], p[2 * r], 1e-12);
            Assert.Equal(known[k++, 1], p[2 * r + 1], 1e-12);
        }
    }

    [Fact]
    public void With_imputation_off_a_gap_makes_its_rows_outputs_nan_where_the_library_refuses_the_row()
    {
        var train = Table.Create([
            new NumberColumn("n", [1, 2, 3, 4, 5, 6]),
            new TextColumn("t", ["a", "b", "a", "b", "a", "c"]),
        ]).Match(t => t, e => throw new InvalidOperationException(e.Message));
        var model = Ok(Classifier.Fit(Labelled(train), "y", new MlpOptions { Layers = [3], Epochs = 2 }, new TablePreprocessingOptions { NumericImputer = "none" }));
        var rows = Table.Create([new NumberColumn("n", [double.NaN, 2, 3]), new TextColumn("t", ["a", null, "b"])])
            .Match(t => t, e => throw new InvalidOperationException(e.Message));
        Assert.Equal(2, Errors(model.PredictProba(rows)).Count(e => e.Code == "table.missing"));
        var (p, _) = Run(Export(model), rows, float32: false);
        Assert.True(p[..4].All(double.IsNaN));
        var whole = Ok(model.PredictProba(rows.SelectRows([2])));
        Assert.Equal(whole.Span[0], p[4], 1e-12);
        Assert.Equal(whole.Span[1], p[5], 1e-12);
    }

    [PythonOnnxFact]
    public void The_onnx_checker_accepts_a_table_models_file_in_both_dtypes_with_every_table_option()
    {
        foreach (var (dtype, table) in new[]
        {
            ("float32", new TablePreprocessingOptions { MissingIndicator = true, MaxCategories = 2 }),
            ("float64", new TablePreprocessingOptions { MissingIndicator = true, Unknown = "error", CategoricalImputer = TablePreprocessingOptions.MissingCategory }),
        })
        {
            var model = Ok(Classifier.Fit(Labelled(Make(11, 16, 4)), "y", new MlpOptions { Layers = [3], Epochs = 1, Dtype = dtype }, table));
            string? problem = OnnxChecker.Problem(Export(model));
            Assert.True(problem is null, problem);
        }
        var plain = Table.Create([new NumberColumn("n", [1, 2, 3, 4]), new TextColumn("t", ["a", "b", "a", "c"])]).Match(t => t, e => throw new InvalidOperationException(e.Message));
        var refusing = Ok(Classifier.Fit(Labelled(plain), "y", new MlpOptions { Layers = [2], Epochs = 1 }, new TablePreprocessingOptions { NumericImputer = "none" }));
        Assert.Null(OnnxChecker.Problem(Export(refusing)));
    }

    [Fact]
    public void A_column_named_like_one_of_the_graphs_values_is_refused_by_name()
    {
        var train = Table.Create([new NumberColumn("probabilities", [1, 2, 3, 4]), new TextColumn("t", ["a", "b", "a", "b"])])
            .Match(t => t, e => throw new InvalidOperationException(e.Message));
        var model = Ok(Classifier.Fit(Labelled(train), "y", new MlpOptions { Layers = [2], Epochs = 1 }));
        var options = new OnnxExportOptions(model.Scaler, model.FeatureNames, model.Classes) { Table = model.Preprocessing };
        var error = OnnxExport.Write(model.Architecture, ((NetworkWeights.F64)model.Weights).Parameters, options).Match(_ => throw new InvalidOperationException("exported"), e => e);
        Assert.Equal("onnx.names", error.Code);
        Assert.Contains("\"probabilities\"", error.Message, StringComparison.Ordinal);
    }
}
