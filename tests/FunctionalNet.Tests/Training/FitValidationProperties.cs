using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Optimization;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Training;

/// <summary>
/// Issue 31, item 16: <c>Train.Fit</c> over an in-memory batch and over a row source validate through one function, so
/// any mismatch of options, data and network — a dropout list that does not fit the hidden layers, features, targets,
/// a start of another network — is the same error value from both, never an exception in the middle of a run.
/// </summary>
public class FitValidationProperties
{
    /// <summary>A batch behind the row-source interface only, so the row-source overload is the one called.</summary>
    private sealed class Rows(Batch<double> batch) : IRowSource<double>
    {
        public int Count => batch.Count;

        public int Inputs => batch.Features.Cols;

        public int Outputs => batch.Targets.Cols;

        public void Order(Rng draws, Span<int> order) => draws.Permute(order);

        public void Gather(ReadOnlySpan<int> rows, Span<double> features, Span<double> targets)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                batch.Features.Row(rows[i]).CopyTo(features.Slice(i * Inputs, Inputs));
                batch.Targets.Row(rows[i]).CopyTo(targets.Slice(i * Outputs, Outputs));
            }
        }
    }

    private sealed record Case(int Inputs, int[] Hidden, int Outputs, int ExtraInputs, int ExtraOutputs, double[]? Rates, bool OtherStart, int Rows, int BatchSize, bool Validation);

    private static readonly Arbitrary<Case> Cases =
        (from inputs in Gen.Choose(1, 4)
         from hidden in Gen.Choose(1, 4).ArrayOf().Select(h => h.Take(3).ToArray())
         from outputs in Gen.Choose(2, 3)
         from extraInputs in Gen.Elements(0, 0, 1)
         from extraOutputs in Gen.Elements(0, 0, 1)
         from rates in Gen.Choose(0, 4).Select(k => k == 0 ? null : Enumerable.Range(0, k).Select(i => 0.1 * (i + 1)).ToArray())
         from otherStart in Gen.Elements(false, false, true)
         from rows in Gen.Choose(1, 12)
         from batch in Gen.Choose(1, 5)
         from validation in Gen.Elements(false, true)
         select new Case(inputs, hidden, outputs, extraInputs, extraOutputs, rates, otherStart, rows, batch, validation)).ToArbitrary();

    private static Batch<double> Data(int rows, int inputs, int outputs)
    {
        var x = new double[rows * inputs];
        Rng.Create(7).FillNormal<double>(x, 0, 1);
        var y = new double[rows * outputs];
        for (int r = 0; r < rows; r++) y[r * outputs + r % outputs] = 1;
        return new Batch<double>(Matrix<double>.Create(rows, inputs, x), Matrix<double>.Create(rows, outputs, y));
    }

    private static Architecture Network(int inputs, IEnumerable<int> hidden, int outputs) =>
        Architecture.Create(inputs, [.. hidden.Select(w => new Layer(w, Activation.Tanh)), new Layer(outputs, Activation.Softmax)], Loss.CrossEntropy).Get();

    [Property(MaxTest = 200)]
    public Property Both_overloads_give_the_same_errors_and_a_run_they_accept_completes() =>
        Prop.ForAll(Cases, c =>
        {
            var arch = Network(c.Inputs, c.Hidden, c.Outputs);
            var data = Data(c.Rows, c.Inputs + c.ExtraInputs, c.Outputs + c.ExtraOutputs);
            var validation = c.Validation ? Data(3, c.Inputs + c.ExtraInputs, c.Outputs + c.ExtraOutputs) : null;
            var startNetwork = c.OtherStart ? Network(c.Inputs, [.. c.Hidden, 2], c.Outputs) : arch;
            var start = new TrainingStart<double>(Initializer.Parse("xavier")!.Initialize<double>(startNetwork, Rng.Create(3)));
            var options = TrainingOptions.Create(2, Batching.Shuffled(c.BatchSize), Rng.Create(5), epochCost: EpochCost.Exact,
                dropout: c.Rates is null ? null : Dropout.Create(c.Rates).Get()).Get();
            var rule = Rules.ByName("adam", 0.01).Get();
            var inMemory = Train.Fit(arch, data, rule, start, options, validation);
            var fromSource = Train.Fit(arch, new Rows(data), rule, start, options, validation is null ? null : new Rows(validation));
            string[] Codes(LanguageExt.Validation<Error, IEnumerable<TrainingIterate<double>>> v) =>
                v.Match(_ => [], errors => errors.Select(e => e.Code).Order(StringComparer.Ordinal).ToArray());
            bool dropoutFits = c.Rates is null || (c.Hidden.Length > 0 && (c.Rates.Length == 1 || c.Rates.Length == c.Hidden.Length));
            bool fits = c.ExtraInputs == 0 && c.ExtraOutputs == 0 && !c.OtherStart && dropoutFits;
            // Enumerated to the end: an accepted run must not throw part-way (the row-source route once indexed past the rates).
            int Epochs(LanguageExt.Validation<Error, IEnumerable<TrainingIterate<double>>> v) => v.Match(t => t.Count(), _ => -1);
            return Codes(inMemory).SequenceEqual(Codes(fromSource)).Label("same error codes")
                .And((fits == inMemory.IsSuccess).Label("accepted exactly when everything fits"))
                .And((dropoutFits || Codes(fromSource).Contains("training.dropout")).Label("a misfit dropout list is named"))
                .And((Epochs(inMemory) == Epochs(fromSource)).Label("the accepted runs complete"));
        });
}
