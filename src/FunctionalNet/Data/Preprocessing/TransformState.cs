using System.Collections.Immutable;
using LanguageExt;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// The serialisable form of a fitted transform, for the model card: a kind, the column (or class) names it was
/// fitted on, and named arrays of doubles. Plain data on purpose, so System.Text.Json writes it as
/// <c>{"Kind":"standard-scaler","Names":["x0","x1"],"Values":{"mean":[…],"scale":[…]}}</c> and reads it back.
/// </summary>
/// <param name="Kind"><c>min-max-scaler</c>, <c>standard-scaler</c> or <c>label-encoder</c>.</param>
/// <param name="Names">Feature names for scalers, class names for the label encoder.</param>
/// <param name="Values">Named arrays, sorted by name; see each transform's <c>ToState</c> for its keys.</param>
public sealed record TransformState(string Kind, ImmutableArray<string> Names, ImmutableSortedDictionary<string, ImmutableArray<double>> Values)
{
    /// <summary>The array stored under <paramref name="key"/> with <paramref name="length"/> finite values, or an error naming what is wrong.</summary>
    internal Validation<Error, ImmutableArray<double>> Array(string key, int length)
    {
        if (Values is null || !Values.TryGetValue(key, out var values) || values.IsDefault)
            return Problem($"transform {Kind}: expected an array \"{key}\", found none");
        if (values.Length != length)
            return Problem($"transform {Kind}: expected {length} values in \"{key}\", found {values.Length}");
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                return Problem($"transform {Kind}: expected finite numbers in \"{key}\", found {values[i]} at index {i}");
        return Validation<Error, ImmutableArray<double>>.Success(values);
    }

    /// <summary>An error unless this state has the expected kind and a names array.</summary>
    internal Validation<Error, TransformState> Expect(string kind)
    {
        if (Kind != kind) return Validation<Error, TransformState>.Fail(LanguageExt.Prelude.Seq1(new Error("transform.kind", $"expected a {kind} state, found kind \"{Kind}\"")));
        if (Names.IsDefault) return Validation<Error, TransformState>.Fail(LanguageExt.Prelude.Seq1(new Error("transform.state", $"transform {Kind}: expected a names array, found none")));
        return Validation<Error, TransformState>.Success(this);
    }

    private static Validation<Error, ImmutableArray<double>> Problem(string message) =>
        Validation<Error, ImmutableArray<double>>.Fail(LanguageExt.Prelude.Seq1(new Error("transform.state", message)));
}
