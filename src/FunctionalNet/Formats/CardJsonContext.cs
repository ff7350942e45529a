using System.Text.Json.Serialization;

namespace FunctionalNet.Formats;

/// <summary>
/// The model card's JSON contract, generated at compile time: a trimmed or Native AOT app can save and load models
/// (reflection-based serialization is off there, and the immutable collections' factories would be trimmed away).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false)]
[JsonSerializable(typeof(ModelCard))]
internal sealed partial class CardJsonContext : JsonSerializerContext;
