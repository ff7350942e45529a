using FunctionalNet.Data;
using FunctionalNet.Training;
using FunctionalNet.Model;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization;

namespace FunctionalNet.Bench;

/// <summary>
/// The full-batch workloads driven by the library's minimizers (truncated Newton, L-BFGS) on the library's network
/// objective: gradients by backpropagation and exact R-operator Hessian-vector products.
/// </summary>
internal static class MinimizerWorkloads
{
    public static BenchRecord DigitsTnc(BenchContext context, int evaluations)
    {
        var (train, test) = context.Digits;
        var architecture = Workloads.Build(64, [25, 10], Activation.Sigmoid, Activation.Sigmoid, Loss.BinaryCrossEntropy, 1);
        var start = Initializer.Uniform(0.12).Initialize<double>(architecture, Rng.Create(0));
        var minimizer = Minimizer.TruncatedNewton(stopping: Stopping(evaluations, 15000, 1e-5, 2.220446049250313e-9)).Match(m => m, e => Fail<Minimizer>(e));
        var (seconds, last) = Minimize(context, architecture, train, minimizer, start);
        return context.Record("digits-tnc", "float64", seconds, last.Evaluations, (double)last.Evaluations * train.Count,
            last.TrainingCost, Workloads.Accuracy(architecture, last.Parameters, train), Workloads.Accuracy(architecture, last.Parameters, test), null,
            "truncated Newton on exact R-operator Hessian-vector products; steps = function evaluations (an Hv counts as one)");
    }

    public static BenchRecord DigitsLbfgs(BenchContext context, int iterations)
    {
        var (train, test) = context.Digits;
        // Full batch: λ/(2m)Σw² with m = 1347 is scikit-learn's alpha/(2n), alpha = 1e-4.
        var architecture = Workloads.Build(64, [100, 10], Activation.Relu, Activation.Softmax, Loss.CrossEntropy, 1e-4);
        var start = Initializer.UniformEpsilon.Initialize<double>(architecture, Rng.Create(0));
        // tol = 0 as the scikit-learn peer runs it, so that every iteration is done.
        var minimizer = Minimizer.Lbfgs(stopping: Stopping(15000, iterations, 0, 0)).Match(m => m, e => Fail<Minimizer>(e));
        var (seconds, last) = Minimize(context, architecture, train, minimizer, start);
        return context.Record("digits-lbfgs", "float64", seconds, last.Evaluations, (double)last.Evaluations * train.Count,
            last.TrainingCost, Workloads.Accuracy(architecture, last.Parameters, train), Workloads.Accuracy(architecture, last.Parameters, test), null,
            $"L-BFGS (m = 10, strong Wolfe), {last.Epoch} iterations; steps = function evaluations");
    }

    // Through the public engine, as a user would train; the minimizer's own stopping rules end the run, not an epoch cap.
    private static (double Seconds, TrainingIterate<double> Last) Minimize(BenchContext context, Architecture architecture, Dataset data, Minimizer minimizer, Parameters<double> start)
    {
        var trace = (from options in TrainingOptions.Create(maxEpochs: int.MaxValue, parallelism: context.Parallelism)
                     from t in Train.Minimize(architecture, data.ToBatch<double>(architecture), minimizer, start, options)
                     select t).Match(t => t, Fail<IEnumerable<TrainingIterate<double>>>);
        TrainingIterate<double>? last = null;
        double seconds = Workloads.Time(() => last = trace.Last());
        return (seconds, last!);
    }

    private static StoppingRules Stopping(int evaluations, int iterations, double gradientTolerance, double functionTolerance) =>
        StoppingRules.Create(evaluations, iterations, gradientTolerance, functionTolerance).Match(s => s, e => Fail<StoppingRules>(e));

    private static T Fail<T>(LanguageExt.Seq<Error> errors) =>
        throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Message)));
}
