using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using FunctionalNet.Optimization.UpdateRules;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// An update rule's state (<see cref="RuleState"/>) as a safetensors file, so training can stop and resume bit for bit:
/// each state node's kind and counters go in the metadata under its path (<c>type</c>, <c>0.type</c>, <c>0.count</c>
/// for the first rule of a chain), its vectors are tensors under the same path (<c>0.mu</c>, <c>0.nu</c>) in the
/// rule's precision (F32 for a float32 run, F64 for float64), so the numbers come back bit for bit. A
/// <see cref="GradientTransformation"/>'s state (<c>custom</c>) lists its vector names in <c>vectors</c> and stores each
/// vector under its own name.
/// </summary>
public static class RuleStateFormat
{
    /// <summary>The metadata <c>format</c> value this version writes and reads.</summary>
    public const string FormatName = "functionalnet.rule-state.v1";

    private const int MaxDepth = 8;
    private const int MaxChain = 64;

    /// <summary>The file for <paramref name="state"/>; an error for a state type this library did not define.</summary>
    public static Either<Error, SafetensorsFile> Write(RuleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tensors = ImmutableArray.CreateBuilder<NamedTensor>();
        var metadata = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        metadata["format"] = FormatName;
        return Put(state, "", tensors, metadata) is { } problem
            ? problem
            : new SafetensorsFile(tensors.ToImmutable(), metadata.ToImmutable());
    }

    /// <summary>
    /// The state in <paramref name="file"/>, for <paramref name="parameterCount"/> parameters of type <typeparamref name="T"/>
    /// (whose dtype its vectors must have); every problem is an error value.
    /// </summary>
    public static Either<Error, RuleState> Read<T>(SafetensorsFile file, int parameterCount) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(file);
        var reader = new StateTensors(file, "rule state");
        return
            from format in reader.Text("format")
            from _ in format == FormatName ? Prelude.Right<Error, Unit>(Unit.Default) : reader.Problem($"format is '{format}', expected '{FormatName}'")
            from state in Get<T>(reader, "", parameterCount, 0)
            from __ in reader.NothingElse()
            select state;
    }

    private static Error? Put(RuleState state, string path, ImmutableArray<NamedTensor>.Builder tensors, ImmutableSortedDictionary<string, string>.Builder metadata)
    {
        void Kind(string kind) => metadata[path + "type"] = kind;
        void Count(int count) => metadata[path + "count"] = count.ToString(CultureInfo.InvariantCulture);
        void Vector<T>(string name, ImmutableArray<T> values) where T : unmanaged, IFloatingPointIeee754<T> =>
            tensors.Add(new NamedTensor(path + name, TensorDtypes.Of<T>(), [values.Length], [.. values.Select(double.CreateTruncating)]));
        void Custom(int count, ImmutableArray<string> names)
        {
            Kind("custom");
            Count(count);
            metadata[path + "vectors"] = string.Join(",", names);
        }
        switch (state)
        {
            case EmptyState: Kind("empty"); return null;
            case CountState c: Kind("count"); Count(c.Count); return null;
            case TraceState<float> t: Kind("trace"); Vector("velocity", t.Velocity); return null;
            case TraceState<double> t: Kind("trace"); Vector("velocity", t.Velocity); return null;
            case AdamState<float> a: Kind("adam"); Count(a.Count); Vector("mu", a.Mu); Vector("nu", a.Nu); return null;
            case AdamState<double> a: Kind("adam"); Count(a.Count); Vector("mu", a.Mu); Vector("nu", a.Nu); return null;
            case SquaresState<float> s: Kind("squares"); Vector("nu", s.Nu); return null;
            case SquaresState<double> s: Kind("squares"); Vector("nu", s.Nu); return null;
            case RpropState<float> r: Kind("rprop"); Vector("step_sizes", r.StepSizes); Vector("previous_gradient", r.PreviousGradient); return null;
            case RpropState<double> r: Kind("rprop"); Vector("step_sizes", r.StepSizes); Vector("previous_gradient", r.PreviousGradient); return null;
            case CustomState<float> c: Custom(c.Count, c.Names); Each(c.Names, c.Vectors, Vector); return null;
            case CustomState<double> c: Custom(c.Count, c.Names); Each(c.Names, c.Vectors, Vector); return null;
            case ChainState chain:
                Kind("chain");
                metadata[path + "length"] = chain.States.Length.ToString(CultureInfo.InvariantCulture);
                for (int i = 0; i < chain.States.Length; i++)
                    if (Put(chain.States[i], path + i.ToString(CultureInfo.InvariantCulture) + ".", tensors, metadata) is { } problem) return problem;
                return null;
            default:
                return new Error("optimizer-state.unsupported", $"rule state {state.GetType().Name} has no file format; only the library's own rule states can be saved");
        }
    }

    private static Either<Error, RuleState> Get<T>(StateTensors reader, string path, int n, int depth) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Either<Error, ImmutableArray<T>> Vector(string name) =>
            reader.Vector(path + name, n, TensorDtypes.Of<T>()).Map(values => values.Select(T.CreateTruncating).ToImmutableArray());
        return reader.Text(path + "type").Bind(kind => kind switch
        {
            "empty" => Prelude.Right<Error, RuleState>(EmptyState.Instance),
            "count" => reader.Count(path + "count").Map(c => (RuleState)new CountState(c)),
            "trace" => Vector("velocity").Map(v => (RuleState)new TraceState<T>(v)),
            "adam" => from c in reader.Count(path + "count")
                      from mu in Vector("mu")
                      from nu in Vector("nu")
                      select (RuleState)new AdamState<T>(c, mu, nu),
            "squares" => Vector("nu").Map(nu => (RuleState)new SquaresState<T>(nu)),
            "rprop" => from steps in Vector("step_sizes")
                       from previous in Vector("previous_gradient")
                       select (RuleState)new RpropState<T>(steps, previous),
            "custom" => Custom<T>(reader, path, n),
            "chain" when depth < MaxDepth => Chain<T>(reader, path, n, depth),
            "chain" => reader.Problem($"chains nest deeper than {MaxDepth} at '{path}'"),
            _ => reader.Problem($"'{path}type' is '{kind}', expected one of empty, count, trace, adam, squares, rprop, custom, chain"),
        });
    }

    private static void Each<T>(ImmutableArray<string> names, ImmutableArray<ImmutableArray<T>> vectors, Action<string, ImmutableArray<T>> put)
    {
        for (int i = 0; i < names.Length; i++) put(names[i], vectors[i]);
    }

    // A custom rule's vectors are tensors named by the rule (path + name); the list of names keeps their order.
    private static Either<Error, RuleState> Custom<T>(StateTensors reader, string path, int n) where T : unmanaged, IFloatingPointIeee754<T> =>
        from count in reader.Count(path + "count")
        from text in reader.Text(path + "vectors")
        let names = text.Length == 0 ? ImmutableArray<string>.Empty : [.. text.Split(',')]
        from _ in StateVectorNames.Problem(names) is { } problem ? reader.Problem($"'{path}vectors': {problem}") : Prelude.Right<Error, Unit>(Unit.Default)
        from vectors in names.Aggregate(
            Prelude.Right<Error, ImmutableArray<ImmutableArray<T>>>([]),
            (sofar, name) => from done in sofar
                             from values in reader.Vector(path + name, n, TensorDtypes.Of<T>())
                             select done.Add(values.Select(T.CreateTruncating).ToImmutableArray()))
        select (RuleState)new CustomState<T>(count, names, vectors);

    private static Either<Error, RuleState> Chain<T>(StateTensors reader, string path, int n, int depth) where T : unmanaged, IFloatingPointIeee754<T> =>
        from length in reader.Count(path + "length", MaxChain)
        from states in Enumerable.Range(0, length).Aggregate(
            Prelude.Right<Error, ImmutableArray<RuleState>>([]),
            (sofar, i) => from done in sofar
                          from next in Get<T>(reader, path + i.ToString(CultureInfo.InvariantCulture) + ".", n, depth + 1)
                          select done.Add(next))
        select (RuleState)new ChainState(states);
}
