using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// Reads the pieces of an optimizer-state file strictly: vectors are tensors of the expected dtype and length with finite
/// values, exact scalars are 0-d F64 tensors (a decimal string could not promise the same bits back), counters are
/// non-negative integers in the metadata. Every name read is recorded, so leftovers can be reported as unexpected.
/// </summary>
internal sealed class StateTensors(SafetensorsFile file, string what)
{
    private readonly System.Collections.Generic.HashSet<string> used = new(StringComparer.Ordinal);

    public Either<Error, ImmutableArray<double>> Vector(string name, int length, TensorDtype dtype = TensorDtype.F64) =>
        Tensor(name, [length], dtype).Bind(t => Finite(name, t.Values));

    public Either<Error, double> Scalar(string name, bool finite = true) =>
        Tensor(name, []).Bind(t => !finite || double.IsFinite(t.Values[0])
            ? Prelude.Right<Error, double>(t.Values[0])
            : Fail($"{what}: '{name}' holds {t.Values[0].ToString(CultureInfo.InvariantCulture)}, expected a finite number"));

    public Either<Error, string> Text(string key)
    {
        used.Add("__metadata__." + key);
        return file.Metadata.TryGetValue(key, out var value) ? value : Fail($"{what}: the metadata has no '{key}'");
    }

    public Either<Error, int> Count(string key, int max = int.MaxValue) =>
        Text(key).Bind(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= max
            ? Prelude.Right<Error, int>(n)
            : Fail($"{what}: metadata '{key}' is '{text}', expected an integer from 0 to {max}"));

    /// <summary>The first tensor or metadata entry nothing asked for, as an error.</summary>
    public Either<Error, Unit> NothingElse()
    {
        var extra = file.Tensors.Select(t => t.Name).Concat(file.Metadata.Keys.Select(k => "__metadata__." + k)).FirstOrDefault(n => !used.Contains(n));
        return extra is null ? Unit.Default : Fail($"{what}: unexpected entry '{extra}'");
    }

    public Error Problem(string message) => new("optimizer-state.invalid", $"{what}: {message}");

    private Either<Error, NamedTensor> Tensor(string name, long[] shape, TensorDtype dtype = TensorDtype.F64)
    {
        used.Add(name);
        return file.Find(name).ToEither(Fail($"{what}: no tensor '{name}'")).Bind(t =>
            t.Dtype != dtype ? Fail($"{what}: '{name}' is {t.Dtype.Code()}, expected {dtype.Code()}")
            : !t.Shape.SequenceEqual(shape) ? Fail($"{what}: '{name}' has shape [{string.Join(", ", t.Shape)}], expected [{string.Join(", ", shape)}]")
            : Prelude.Right<Error, NamedTensor>(t));
    }

    private Either<Error, ImmutableArray<double>> Finite(string name, ImmutableArray<double> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                return Fail($"{what}: '{name}' holds {values[i].ToString(CultureInfo.InvariantCulture)} at index {i}, expected finite values");
        return values;
    }

    private static Error Fail(string message) => new("optimizer-state.invalid", message);
}
