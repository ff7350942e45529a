using System.Collections.Immutable;
using System.Globalization;
using FunctionalNet.Optimization;
using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>
/// A minimizer's state (<see cref="MinimizerState"/>) as a safetensors file: the vectors (<c>point</c>, <c>gradient</c>,
/// <c>direction</c>, <c>pairs.{i}.s</c>/<c>.y</c>) as F64 tensors, the costs and ρ values as 0-d F64 tensors (exact
/// bits), and the kind and counters in the metadata.
/// </summary>
public static class MinimizerStateFormat
{
    /// <summary>The metadata <c>format</c> value this version writes and reads.</summary>
    public const string FormatName = "functionalnet.minimizer-state.v1";

    /// <summary>The file for <paramref name="state"/>.</summary>
    public static SafetensorsFile Write(MinimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tensors = ImmutableArray.CreateBuilder<NamedTensor>();
        var metadata = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        void Vector(string name, ImmutableArray<double> values) => tensors.Add(new NamedTensor(name, TensorDtype.F64, [values.Length], values));
        void Scalar(string name, double value) => tensors.Add(new NamedTensor(name, TensorDtype.F64, [], [value]));
        void Count(string key, int value) => metadata[key] = value.ToString(CultureInfo.InvariantCulture);

        metadata["format"] = FormatName;
        Count("iteration", state.Iteration);
        Count("evaluations", state.Evaluations);
        Vector("point", state.Point);
        Vector("gradient", state.Gradient);
        Scalar("cost", state.Cost);
        switch (state)
        {
            case ConjugateGradientState cg:
                metadata["type"] = "cg";
                Count("since_restart", cg.SinceRestart);
                Vector("direction", cg.Direction);
                Scalar("previous_cost", cg.PreviousCost);
                break;
            case QuasiNewtonState qn:
                metadata["type"] = "quasi-newton";
                Count("pairs", qn.Pairs.Length);
                for (int i = 0; i < qn.Pairs.Length; i++)
                {
                    string at = "pairs." + i.ToString(CultureInfo.InvariantCulture) + ".";
                    Vector(at + "s", qn.Pairs[i].S);
                    Vector(at + "y", qn.Pairs[i].Y);
                    Scalar(at + "rho", qn.Pairs[i].Rho);
                }
                break;
            default:
                throw new ArgumentException($"minimizer state {state.GetType().Name} has no file format", nameof(state));
        }
        return new SafetensorsFile(tensors.ToImmutable(), metadata.ToImmutable());
    }

    /// <summary>The state in <paramref name="file"/> for a problem of <paramref name="dimension"/> parameters; every problem is an error value.</summary>
    public static Either<Error, MinimizerState> Read(SafetensorsFile file, int dimension)
    {
        ArgumentNullException.ThrowIfNull(file);
        var r = new StateTensors(file, "minimizer state");
        return
            from format in r.Text("format")
            from _ in format == FormatName ? Prelude.Right<Error, Unit>(Unit.Default) : r.Problem($"format is '{format}', expected '{FormatName}'")
            from iteration in r.Count("iteration")
            from evaluations in r.Count("evaluations")
            from point in r.Vector("point", dimension)
            from gradient in r.Vector("gradient", dimension)
            from cost in r.Scalar("cost")
            from type in r.Text("type")
            from state in type switch
            {
                "cg" => from sinceRestart in r.Count("since_restart")
                        from direction in r.Vector("direction", dimension)
                        // scipy's first "previous cost" is f + ‖g‖/2, always finite when f and g are.
                        from previous in r.Scalar("previous_cost")
                        select (MinimizerState)new ConjugateGradientState(iteration, point, cost, gradient, evaluations, direction, previous, sinceRestart),
                "quasi-newton" => from pairs in Pairs(r, dimension)
                                  select (MinimizerState)new QuasiNewtonState(iteration, point, cost, gradient, evaluations, pairs),
                _ => r.Problem($"type is '{type}', expected cg or quasi-newton"),
            }
            from __ in r.NothingElse()
            select state;
    }

    // More pairs than this is no L-BFGS memory anyone uses; the bound keeps a hostile count from looping long.
    private const int MaxPairs = 1000;

    private static Either<Error, ImmutableArray<CurvaturePair>> Pairs(StateTensors r, int dimension) =>
        from count in r.Count("pairs", MaxPairs)
        from pairs in Enumerable.Range(0, count).Aggregate(
            Prelude.Right<Error, ImmutableArray<CurvaturePair>>([]),
            (sofar, i) =>
            {
                string at = "pairs." + i.ToString(CultureInfo.InvariantCulture) + ".";
                return from done in sofar
                       from s in r.Vector(at + "s", dimension)
                       from y in r.Vector(at + "y", dimension)
                       from rho in r.Scalar(at + "rho")
                       select done.Add(new CurvaturePair(s, y, rho));
            })
        select pairs;
}
