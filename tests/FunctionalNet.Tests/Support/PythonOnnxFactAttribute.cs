namespace FunctionalNet.Tests.Support;

/// <summary>A fact skipped, with a message, where <c>/usr/bin/python3</c> cannot import the <c>onnx</c> package (CI need not have it).</summary>
public sealed class PythonOnnxFactAttribute : FactAttribute
{
    public const string Python = Support.Python.Path;

    private static readonly Lazy<bool> Available = new(() => Support.Python.CanImport("onnx"));

    public PythonOnnxFactAttribute()
    {
        if (!Available.Value) Skip = $"{Python} cannot import onnx (pip install onnx to run onnx.checker on an exported model)";
    }
}
