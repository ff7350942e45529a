using System.Text.Json.Serialization;

namespace FunctionalNet.Formats;

/// <summary>The ONNX metadata's JSON (feature and class names as compact arrays), generated at compile time for trimmed and AOT apps.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class OnnxJsonContext : JsonSerializerContext;
