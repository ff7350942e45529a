using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Optimization.Rules;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// An update rule's state (<see cref="RuleState"/>) as a safetensors file, so training can stop and resume bit for bit:
/// each state node's kind and counters go in the metadata under its path (<c>type</c>, <c>0.type</c>, <c>0.count</c>
/// for the first rule of a chain), its vectors are F64 tensors under the same path (<c>0.mu</c>, <c>0.nu</c>).
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

    /// <summary>The state in <paramref name="file"/>, for parameters of length <paramref name="parameterCount"/>; every problem is an error value.</summary>
    public static Either<Error, RuleState> Read(SafetensorsFile file, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(file);
        var reader = new StateTensors(file, "rule state");
        return
            from format in reader.Text("format")
            from _ in format == FormatName ? Prelude.Right<Error, Unit>(Unit.Default) : reader.Problem($"format is '{format}', expected '{FormatName}'")
            from state in Get(reader, "", parameterCount, 0)
            from __ in reader.NothingElse()
            select state;
    }

    private static Error? Put(RuleState state, string path, ImmutableArray<NamedTensor>.Builder tensors, ImmutableSortedDictionary<string, string>.Builder metadata)
    {
        void Kind(string kind) => metadata[path + "type"] = kind;
        void Count(int count) => metadata[path + "count"] = count.ToString(CultureInfo.InvariantCulture);
        void Vector(string name, ImmutableArray<double> values) =>
            tensors.Add(new NamedTensor(path + name, TensorDtype.F64, [values.Length], values));
        switch (state)
        {
            case EmptyState: Kind("empty"); return null;
            case CountState c: Kind("count"); Count(c.Count); return null;
            case TraceState t: Kind("trace"); Vector("velocity", t.Velocity); return null;
            case AdamState a: Kind("adam"); Count(a.Count); Vector("mu", a.Mu); Vector("nu", a.Nu); return null;
            case SquaresState s: Kind("squares"); Vector("nu", s.Nu); return null;
            case RpropState r: Kind("rprop"); Vector("step_sizes", r.StepSizes); Vector("previous_gradient", r.PreviousGradient); return null;
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

    private static Either<Error, RuleState> Get(StateTensors reader, string path, int n, int depth) =>
        reader.Text(path + "type").Bind(kind => kind switch
        {
            "empty" => Prelude.Right<Error, RuleState>(EmptyState.Instance),
            "count" => reader.Count(path + "count").Map(c => (RuleState)new CountState(c)),
            "trace" => reader.Vector(path + "velocity", n).Map(v => (RuleState)new TraceState(v)),
            "adam" => from c in reader.Count(path + "count")
                      from mu in reader.Vector(path + "mu", n)
                      from nu in reader.Vector(path + "nu", n)
                      select (RuleState)new AdamState(c, mu, nu),
            "squares" => reader.Vector(path + "nu", n).Map(nu => (RuleState)new SquaresState(nu)),
            "rprop" => from steps in reader.Vector(path + "step_sizes", n)
                       from previous in reader.Vector(path + "previous_gradient", n)
                       select (RuleState)new RpropState(steps, previous),
            "chain" when depth < MaxDepth => Chain(reader, path, n, depth),
            "chain" => reader.Problem($"chains nest deeper than {MaxDepth} at '{path}'"),
            _ => reader.Problem($"'{path}type' is '{kind}', expected one of empty, count, trace, adam, squares, rprop, chain"),
        });

    private static Either<Error, RuleState> Chain(StateTensors reader, string path, int n, int depth) =>
        from length in reader.Count(path + "length", MaxChain)
        from states in Enumerable.Range(0, length).Aggregate(
            Prelude.Right<Error, ImmutableArray<RuleState>>([]),
            (sofar, i) => from done in sofar
                          from next in Get(reader, path + i.ToString(CultureInfo.InvariantCulture) + ".", n, depth + 1)
                          select done.Add(next))
        select (RuleState)new ChainState(states);
}
