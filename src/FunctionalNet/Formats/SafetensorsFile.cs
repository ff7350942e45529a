using System.Collections.Immutable;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>The content of a safetensors file: tensors in storage order and the free-form string metadata.</summary>
/// <param name="Tensors">Tensors in the order their bytes appear in the file.</param>
/// <param name="Metadata">The header's <c>__metadata__</c> map (string → string).</param>
public sealed record SafetensorsFile(ImmutableArray<NamedTensor> Tensors, ImmutableSortedDictionary<string, string> Metadata)
{
    /// <summary>The tensor called <paramref name="name"/>, if the file holds one.</summary>
    public Option<NamedTensor> Find(string name) => Prelude.Optional(Tensors.FirstOrDefault(t => t.Name == name));
}
