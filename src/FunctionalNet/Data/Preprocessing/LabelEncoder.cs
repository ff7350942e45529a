using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Tensors;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Data.Preprocessing;

/// <summary>
/// Maps class names to indices 0…k−1 and back, and indices to one-hot rows. Fitted classes are sorted
/// numerically when every name is a number (so "10" follows "9"), otherwise ordinally — the order the CSV loader uses.
/// </summary>
public sealed record LabelEncoder
{
    /// <summary>The <see cref="TransformState.Kind"/> of this transform.</summary>
    public const string Kind = "label-encoder";

    private readonly ImmutableDictionary<string, int> index;

    /// <summary>An encoder for these classes, in this order; throws on duplicates or an empty list.</summary>
    public LabelEncoder(ImmutableArray<string> classes)
    {
        if (classes.IsDefaultOrEmpty) throw new ArgumentException("at least one class is needed", nameof(classes));
        var builder = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < classes.Length; k++)
            if (!builder.TryAdd(classes[k], k)) throw new ArgumentException($"class \"{classes[k]}\" appears twice", nameof(classes));
        Classes = classes;
        index = builder.ToImmutable();
    }

    /// <summary>Class names, indexed by label.</summary>
    public ImmutableArray<string> Classes { get; }

    /// <summary>Fits the sorted distinct names in <paramref name="labels"/>.</summary>
    public static LabelEncoder Fit(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new LabelEncoder(Loading.ClassOrder.Sort(labels.Distinct(StringComparer.Ordinal)));
    }

    /// <summary>The encoder of a classification data set's classes.</summary>
    public static LabelEncoder Of(ClassTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return new LabelEncoder(targets.ClassNames);
    }

    /// <summary>The index of <paramref name="name"/>, or an error naming the known classes.</summary>
    public Either<Error, int> Encode(string name) =>
        name is not null && index.TryGetValue(name, out int k)
            ? Right<Error, int>(k)
            : Left<Error, int>(new Error("label.unknown", $"expected one of the classes {string.Join(", ", Classes.Select(c => $"\"{c}\""))}, found \"{name}\""));

    /// <summary>Every name encoded; all unknown names are reported.</summary>
    public Validation<Error, ImmutableArray<int>> EncodeAll(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Select(n => Encode(n).ToValidation()).ToSeq().Sequence().Map(s => s.ToImmutableArray());
    }

    /// <summary>The name of class <paramref name="label"/>; throws when it is out of range.</summary>
    public string Decode(int label) =>
        (uint)label < (uint)Classes.Length ? Classes[label] : throw new ArgumentOutOfRangeException(nameof(label), label, $"expected a label in 0…{Classes.Length - 1}");

    /// <summary>The [m × k] one-hot matrix of <paramref name="labels"/>.</summary>
    public Matrix<double> OneHot(IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return new ClassTargets([.. labels], Classes).OneHot();
    }

    /// <summary>State with <see cref="TransformState.Names"/> = the classes in order and no arrays.</summary>
    public TransformState ToState() => new(Kind, Classes, ImmutableSortedDictionary<string, ImmutableArray<double>>.Empty);

    /// <summary>Rebuilds an encoder from <see cref="ToState"/>'s output.</summary>
    public static Validation<Error, LabelEncoder> FromState(TransformState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Expect(Kind).Bind(s =>
        {
            bool missing = s.Names.Any(n => n is null);
            var duplicate = missing ? null : s.Names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (s.Names.IsEmpty || duplicate is not null || missing)
                return Validation<Error, LabelEncoder>.Fail(Seq1(new Error("transform.state",
                    $"transform {Kind}: expected distinct class names, found {(s.Names.IsEmpty ? "none" : duplicate is null ? "a missing name" : $"\"{duplicate.Key}\" twice")}")));
            return Validation<Error, LabelEncoder>.Success(new LabelEncoder(s.Names));
        });
    }
}
