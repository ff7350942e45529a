using System.Collections.Immutable;
using System.Numerics;
using FunctionalNet.Model;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// Maps <see cref="Parameters{T}"/> to and from safetensors tensors with PyTorch's <c>nn.Linear</c> names and
/// layout: <c>layers.{k}.weight</c> [out × in] row-major and <c>layers.{k}.bias</c> [out] — the flat vector's own
/// layout, so the conversion is a copy per layer.
/// </summary>
public static class ModelWeights
{
    /// <summary>Name of layer <paramref name="k"/>'s weight tensor.</summary>
    public static string WeightName(int k) => $"layers.{k}.weight";

    /// <summary>Name of layer <paramref name="k"/>'s bias tensor.</summary>
    public static string BiasName(int k) => $"layers.{k}.bias";

    /// <summary>The tensors of <paramref name="parameters"/>, stored as F32 for float and F64 for double.</summary>
    public static SafetensorsFile ToSafetensors<T>(Parameters<T> parameters, IEnumerable<KeyValuePair<string, string>>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var dtype = TensorDtypes.Of<T>();
        var tensors = ImmutableArray.CreateBuilder<NamedTensor>();
        for (int k = 0; k < parameters.Layout.Slots.Length; k++)
        {
            var s = parameters.Layout.Slots[k];
            tensors.Add(new NamedTensor(WeightName(k), dtype, [s.Outputs, s.Inputs], ToDoubles(parameters.Weights(k))));
            tensors.Add(new NamedTensor(BiasName(k), dtype, [s.Outputs], ToDoubles(parameters.Bias(k))));
        }
        var meta = (metadata ?? []).ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new SafetensorsFile(tensors.ToImmutable(), meta);
    }

    /// <summary>
    /// Parameters for <paramref name="architecture"/> from <paramref name="file"/>: exactly the tensors the layout
    /// needs, each with the expected dtype and shape and only finite values; anything else is an error.
    /// </summary>
    public static Either<Error, Parameters<T>> ToParameters<T>(Architecture architecture, SafetensorsFile file)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(file);
        var layout = architecture.Layout;
        var expected = TensorDtypes.Of<T>();
        var names = Enumerable.Range(0, layout.Slots.Length).SelectMany(k => new[] { WeightName(k), BiasName(k) }).ToHashSet();
        if (file.Tensors.FirstOrDefault(t => !names.Contains(t.Name)) is { } extra)
            return new Error("weights.unexpected", $"the weights hold '{extra.Name}', which a {architecture.Shape} network does not have");
        // Names, dtypes and shapes first: an architecture from a card may ask for far more parameters than the file holds.
        for (int k = 0; k < layout.Slots.Length; k++)
        {
            var s = layout.Slots[k];
            if (!Check(file, WeightName(k), expected, [s.Outputs, s.Inputs]).Bind(_ => Check(file, BiasName(k), expected, [s.Outputs])).TryGet(out _, out var problem))
                return problem;
        }
        var flat = new T[layout.Count];
        for (int k = 0; k < layout.Slots.Length; k++)
        {
            var s = layout.Slots[k];
            if (!Take(file, WeightName(k), expected, [s.Outputs, s.Inputs], flat.AsSpan(s.WeightOffset, s.WeightCount)).TryGet(out _, out var w))
                return w;
            if (!Take(file, BiasName(k), expected, [s.Outputs], flat.AsSpan(s.BiasOffset, s.Outputs)).TryGet(out _, out var b))
                return b;
        }
        return Parameters<T>.Own(layout, flat);
    }

    /// <summary>The tensor <paramref name="name"/> when it has the expected dtype and shape.</summary>
    private static Either<Error, NamedTensor> Check(SafetensorsFile file, string name, TensorDtype dtype, long[] shape) =>
        file.Find(name).ToEither(new Error("weights.missing", $"the weights have no tensor '{name}'")).Bind(t =>
            t.Dtype != dtype ? new Error("weights.dtype", $"'{name}' is {t.Dtype.Code()}, but the model card says {dtype.Code()}")
            : !t.Shape.SequenceEqual(shape) ? new Error("weights.shape", $"'{name}' has shape [{string.Join(", ", t.Shape)}], expected [{string.Join(", ", shape)}]")
            : Prelude.Right<Error, NamedTensor>(t));

    /// <summary>Copies tensor <paramref name="name"/> into <paramref name="destination"/> once it is checked and finite.</summary>
    private static Either<Error, Unit> Take<T>(SafetensorsFile file, string name, TensorDtype dtype, long[] shape, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!Check(file, name, dtype, shape).TryGet(out var t, out var problem)) return problem;
        for (int i = 0; i < destination.Length; i++)
        {
            if (!double.IsFinite(t.Values[i]))
                return new Error("weights.non-finite", $"'{name}' holds {t.Values[i]} at index {i}; a model must have finite weights");
            destination[i] = T.CreateTruncating(t.Values[i]);
        }
        return Unit.Default;
    }

    private static ImmutableArray<double> ToDoubles<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = double.CreateTruncating(values[i]);
        return ImmutableArray.Create(result);
    }
}
