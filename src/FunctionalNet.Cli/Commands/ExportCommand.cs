using System.CommandLine;
using FunctionalNet.Cli.Storage;
using FunctionalNet.Formats;
using FunctionalNet.IO;

namespace FunctionalNet.Cli.Commands;

/// <summary><c>fnet export</c>: a model directory as an ONNX file, scaler included, for ONNX Runtime and other tools.</summary>
internal static class ExportCommand
{
    public static Command Create(Terminal terminal)
    {
        var model = new Option<string>("--model") { Description = "Model directory written by 'fnet train'", DefaultValueFactory = _ => "model" };
        var format = new Option<string>("--format") { Description = "Output format: onnx", DefaultValueFactory = _ => "onnx" };
        var output = new Option<string>("--out") { Description = "File to write (replaced atomically)", Required = true };
        var opset = new Option<int>("--opset")
        {
            Description = $"ONNX operator set, {OnnxExport.MinOpset} to {OnnxExport.MaxOpset}",
            DefaultValueFactory = _ => OnnxExport.DefaultOpset,
        };
        var dtype = new Option<string?>("--dtype") { Description = "Precision of the exported weights and input: float32 or float64 (default: the model's)" };
        var command = new Command("export", """
            Writes a trained model as an ONNX file: input 'input' [N × features] of raw (unscaled) rows, the model's
            scaler as Sub and Div, one Gemm and activation per layer; outputs 'label' (int64) and 'probabilities' for
            a sigmoid or softmax output, 'variable' otherwise; a multi-label model's 'label' is [N × labels] of 0/1
            and 'probabilities' its label probabilities. Feature and class (or label) names go into the metadata.
            A model trained on a raw table takes one input per column instead, [N × 1]: numbers (NaN when
            missing) or strings (empty, NA, NaN, ?, null when missing); imputation and one-hot are in the graph.

            Examples:
              fnet export --model model --format onnx --out model.onnx
              fnet export --model digits --out digits.onnx --opset 13 --dtype float32
            """) { model, format, output, opset, dtype };
        command.SetAction(r => Cli.Finish(
            from _ in Format(r.GetValue(format)!)
            from __ in Opset(r.GetValue(opset))
            from m in Interruptible.Run("interrupted while reading the model; nothing was written", () => ModelStore.Load(r.GetValue(model)!), terminal.Cancel)
            from precision in Dtype(r.GetValue(dtype), m)
            from bytes in Export(m, precision, r.GetValue(opset))
            from code in Write(r.GetValue(output)!, bytes, $"{precision}, opset {r.GetValue(opset)}", terminal)
            select code, terminal));
        return command;
    }

    private static LanguageExt.Either<CliError, string> Format(string format) =>
        format.Trim().Equals("onnx", StringComparison.OrdinalIgnoreCase)
            ? "onnx"
            : new CliError(new Error("options.format", $"--format '{format}' is not one of onnx"));

    private static LanguageExt.Either<CliError, int> Opset(int opset) =>
        opset is >= OnnxExport.MinOpset and <= OnnxExport.MaxOpset
            ? opset
            : new CliError(new Error("options.opset", $"--opset must be {OnnxExport.MinOpset} to {OnnxExport.MaxOpset}, found {opset}"));

    private static LanguageExt.Either<CliError, string> Dtype(string? dtype, SavedEstimator model) =>
        (dtype?.Trim().ToLowerInvariant() ?? model.Weights.Dtype) switch
        {
            "float32" => "float32",
            "float64" => "float64",
            _ => new CliError(new Error("options.dtype", $"--dtype '{dtype}' is not one of float32, float64")),
        };

    // The names come from the card as saved (an old card without class names exports none, as before), the
    // architecture and weights from the loaded estimator.
    private static LanguageExt.Either<CliError, byte[]> Export(SavedEstimator model, string dtype, int opset)
    {
        var p = model.Card.Preprocessing;
        var options = model.Card.IsMultiLabel
            ? new OnnxExportOptions(p.Scaler, p.Features, p.Targets, opset, MultiLabel: true)
            : new OnnxExportOptions(p.Scaler, p.Features, p.Classes, opset, p.TargetScaler) { Table = p.Table };
        options = model.Match(c => options with { Calibration = c.Calibration, Threshold = c.Threshold }, _ => options, _ => options);
        // Weights stored in float32 widen exactly to float64; float64 weights narrow by rounding, as --dtype asks.
        var bytes = (model.Weights, dtype) switch
        {
            (NetworkWeights.F32 s, "float32") => OnnxExport.Write(model.Architecture, s.Parameters, options),
            (NetworkWeights.F32 s, _) => OnnxExport.Write(model.Architecture, s.Parameters.Convert<double>(), options),
            (NetworkWeights.F64 d, "float32") => OnnxExport.Write(model.Architecture, d.Parameters.Convert<float>(), options),
            (NetworkWeights.F64 d, _) => OnnxExport.Write(model.Architecture, d.Parameters, options),
            _ => throw new InvalidOperationException("unknown weights"),
        };
        return bytes.MapLeft(e => new CliError(e));
    }

    private static LanguageExt.Either<CliError, int> Write(string path, byte[] bytes, string what, Terminal terminal) =>
        Files.Guard<int>(path, "output file", () =>
        {
            AtomicWrite.Write(path, bytes);
            terminal.Out.WriteLine($"wrote {path} (ONNX, {what}, {bytes.Length} bytes)");
            return ExitCode.Ok;
        });
}
