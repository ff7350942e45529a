using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Model.Activations;
using FunctionalNet.Model.Losses;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;
using FunctionalNet.Tests.Support;
using FunctionalNet.Training;

namespace FunctionalNet.Tests.Optimization;

/// <summary>
/// Per-epoch schedules: every rate of every schedule is positive, finite and its formula; one-cycle is PyTorch's
/// OneCycleLR; the text form round-trips; bad text and bad runs are errors naming the problem.
/// </summary>
public sealed class EpochScheduleTests
{
    /// <summary>Random valid schedules (parameters kept where the rates cannot underflow) with a base rate and a run shape.</summary>
    private static readonly Gen<(EpochSchedule Schedule, double Rate, int Steps, int Epochs)> Runs =
        from name in Gen.Elements([.. EpochSchedule.Names])
        from a in Gen.Choose(1, 1000)
        from b in Gen.Choose(1, 20)
        from c in Gen.Choose(1, 1000)
        from rate in Gen.Elements(1e-4, 3e-3, 0.1, 2.0)
        from steps in Gen.Choose(1, 9)
        from epochs in Gen.Choose(2, 30)
        let schedule = name switch
        {
            "step" => EpochSchedule.Step(0.05 + a / 1100.0, b),
            "exponential" => EpochSchedule.Exponential(0.5 + a / 2000.0),
            "cosine" => EpochSchedule.Cosine(rate * (a - 1) / 1000.0),
            "warmup-cosine" => EpochSchedule.WarmupCosine(1 + b % (epochs - 1), rate * (c - 1) / 1000.0),
            "one-cycle" => EpochSchedule.OneCycle(a / 1001.0, b + c / 1000.0, 1 + c * 10),
            "plateau" => EpochSchedule.ReduceOnPlateau(a / 1001.0, b, c / 1e4, 1e-6),
            _ => EpochSchedule.Create(name),
        }
        select (schedule.Get(), rate, steps, epochs);

    [Property(MaxTest = 300)]
    public Property Every_rate_is_positive_finite_and_the_schedules_formula() => Prop.ForAll(Runs.ToArbitrary(), run =>
    {
        var (spec, eta, s, epochs) = run;
        var schedule = spec.ToSchedule(eta, s, epochs).Get();
        int total = s * epochs;
        var rates = Enumerable.Range(0, total).Select(t => schedule(t)).ToList();
        Assert.All(rates, r => Assert.True(r > 0 && double.IsFinite(r), $"{spec}: rate {r}"));
        for (int t = 0; t < total; t++)
        {
            double? expected = Formula(spec, eta, s, total, t);
            if (expected is { } e) Assert.True(Math.Abs(rates[t] - e) <= 1e-12 * e, $"{spec}, η {eta}, {s} steps × {epochs} epochs, t = {t}: {rates[t]} ≠ {e}");
        }
        if (spec.Name == "one-cycle")
        {
            // PyTorch's shape: from η/div (unless the rise is shorter than a step), never above η, down to η/(div·final-div) at the last step.
            if (spec["pct-start"] * total > 1) Assert.Equal(eta / spec["div-factor"], rates[0], eta * 1e-15);
            Assert.True(rates.Max() <= eta * (1 + 1e-15));
            Assert.Equal(eta / spec["div-factor"] / spec["final-div-factor"], rates[^1], eta * 1e-15);
        }
    });

    /// <summary>The schedules' definitions in steps (n epochs = n·S steps); one-cycle is checked against PyTorch below.</summary>
    private static double? Formula(EpochSchedule spec, double eta, int s, int total, int t) => spec.Name switch
    {
        "constant" or "plateau" => eta,
        "step" => eta * Math.Pow(spec["factor"], Math.Floor(t / (spec["every"] * s))),
        "exponential" => eta * Math.Pow(spec["gamma"], (double)t / s),
        "cosine" => Cosine(eta, spec["final"], (double)t / total),
        "warmup-cosine" when t < spec["warmup"] * s => eta * (t + 1) / (spec["warmup"] * s),
        "warmup-cosine" => Cosine(eta, spec["final"], (t - spec["warmup"] * s) / (total - spec["warmup"] * s)),
        _ => null,
    };

    private static double Cosine(double from, double to, double fraction) => to + (from - to) * (1 + Math.Cos(Math.PI * fraction)) / 2;

    /// <summary>
    /// Values printed by PyTorch 1.13 (<c>torch.optim.lr_scheduler.OneCycleLR(opt, max_lr, epochs, steps_per_epoch,
    /// pct_start, div_factor, final_div_factor)</c>, reading <c>opt.param_groups[0]["lr"]</c> before each
    /// <c>opt.step(); scheduler.step()</c>).
    /// </summary>
    [Theory]
    [InlineData(0.1, 10, 7, 0.3, 25.0, 1e4, new[] { 0, 1, 2, 10, 19, 20, 21, 45, 68, 69 },
        new[] { 0.0040000000000000036, 0.004590959651433385, 0.006349287217832622, 0.052000000000000005, 0.09940904034856661, 0.1, 0.09989727004843828, 0.04839762753173275, 0.00010312995156173331, 4e-07 })]
    [InlineData(0.003, 4, 3, 0.25, 10.0, 100.0, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 },
        new[] { 0.0002999999999999999, 0.00165, 0.003, 0.002909629392247684, 0.0026494175980137885, 0.00225075, 0.0017617117942338955, 0.001241288205766105, 0.0007522500000000003, 0.00035358240198621164, 9.337060775231639e-05, 3e-06 })]
    public void One_cycle_gives_pytorchs_OneCycleLR_rates(double maxRate, int epochs, int steps, double pct, double div, double finalDiv, int[] at, double[] expected)
    {
        var schedule = EpochSchedule.OneCycle(pct, div, finalDiv).Get().ToSchedule(maxRate, steps, epochs).Get();
        for (int i = 0; i < at.Length; i++) Assert.Equal(expected[i], schedule(at[i]), Math.Abs(expected[i]) * 1e-14);
        // After the last step the rate stays at its end (PyTorch raises there instead).
        Assert.Equal(expected[^1], schedule(epochs * steps + 5), Math.Abs(expected[^1]) * 1e-14);
    }

    [Property(MaxTest = 300)]
    public Property The_canonical_text_parses_back_to_an_equal_schedule_and_prints_the_same() => Prop.ForAll(Runs.ToArbitrary(), run =>
    {
        string text = run.Schedule.ToString();
        var back = EpochSchedule.Parse(text).Get();
        Assert.Equal(run.Schedule, back);
        Assert.Equal(run.Schedule.GetHashCode(), back.GetHashCode());
        Assert.Equal(text, back.ToString());
        Assert.Equal(run.Schedule, EpochSchedule.Parse($"  {text.ToUpperInvariant().Replace(", ", " ,", StringComparison.Ordinal)} ").Get());
    });

    [Fact]
    public void Short_text_takes_the_defaults_and_the_canonical_text_lists_them()
    {
        Assert.Equal("warmup-cosine(5, 0)", EpochSchedule.Parse("warmup-cosine(5)").Get().ToString());
        Assert.Equal("warmup-cosine(3, 0.001)", EpochSchedule.Parse("warmup-cosine(3, 1e-3)").Get().ToString());
        Assert.Equal("one-cycle(0.3, 25, 10000)", EpochSchedule.Parse("one-cycle").Get().ToString());
        Assert.Equal("plateau(0.2, 2, 0.0001, 1E-06)", EpochSchedule.Parse("plateau()").Get().ToString());
        Assert.Equal("constant", EpochSchedule.Parse("constant").Get().ToString());
        Assert.Equal(EpochSchedule.Constant, EpochSchedule.Parse("constant()").Get());
        Assert.NotEqual(EpochSchedule.Step(0.5, 10).Get(), EpochSchedule.Step(0.5, 11).Get());
    }

    [Fact]
    public void Bad_text_and_runs_that_do_not_fit_are_errors_naming_the_problem()
    {
        Assert.Equal(["schedule.unknown"], EpochSchedule.Parse("linear").Errors().Select(e => e.Code));
        Assert.Contains("expected one of constant, step, exponential, cosine, warmup-cosine, one-cycle, plateau", EpochSchedule.Parse("linear").Errors()[0].Message, StringComparison.Ordinal);
        Assert.Equal(["schedule.syntax"], EpochSchedule.Parse("step(0.5, 10").Errors().Select(e => e.Code));
        Assert.Contains("value 2 'ten' is not a number", EpochSchedule.Parse("step(0.5, ten)").Errors()[0].Message, StringComparison.Ordinal);
        Assert.Equal(["step.arguments"], EpochSchedule.Parse("step(0.5, 10, 3)").Errors().Select(e => e.Code));
        Assert.Equal(["step.factor", "step.every"], EpochSchedule.Parse("step(2, 2.5)").Errors().Select(e => e.Code));
        Assert.Contains("every must be a whole number in [1, ∞), found 2.5", EpochSchedule.Parse("step(0.5, 2.5)").Errors()[0].Message, StringComparison.Ordinal);
        Assert.Equal(["exponential.gamma"], EpochSchedule.Parse("exponential(NaN)").Errors().Select(e => e.Code));
        Assert.Equal(["one-cycle.pct-start"], EpochSchedule.Parse("one-cycle(1)").Errors().Select(e => e.Code));

        Assert.Equal(["warmup-cosine.warmup"], EpochSchedule.WarmupCosine(5).Get().ToSchedule(0.1, 3, 5).Errors().Select(e => e.Code));
        Assert.Equal(["cosine.final"], EpochSchedule.Cosine(0.5).Get().ToSchedule(0.1, 3, 5).Errors().Select(e => e.Code));
        Assert.Equal(["constant.learning-rate", "constant.steps-per-epoch", "constant.epochs"], EpochSchedule.Constant.ToSchedule(0, 0, 0).Errors().Select(e => e.Code));
    }

    [Fact]
    public void Plateau_hands_the_engine_its_policy_and_its_ranges_are_the_policys()
    {
        var plateau = EpochSchedule.ReduceOnPlateau(0.5, 3, 0.01, 1e-3).Get();
        Assert.Equal(PlateauPolicy.Create(0.5, 3, 0.01, 1e-3).Get(), plateau.Plateau);
        Assert.Null(EpochSchedule.Cosine().Get().Plateau);
        var description = EpochSchedule.Catalog.Single(d => d.Name == "plateau");
        // At each range end and just outside it, the catalog and PlateauPolicy.Create agree.
        foreach (var (p, i) in description.Parameters.Select((p, i) => (p, i)))
            foreach (double v in new[] { p.Range.Lower, BitDecrement(p.Range.Lower), BitIncrement(p.Range.Lower), p.Range.Upper, BitDecrement(p.Range.Upper), BitIncrement(p.Range.Upper) })
            {
                if (p.IsInteger && !double.IsInteger(v) || p.IsInteger && Math.Abs(v) > int.MaxValue) continue;
                double[] values = [.. description.Parameters.Select(q => q.Default)];
                values[i] = v;
                bool policy = PlateauPolicy.Create(values[0], (int)values[1], values[2], values[3]).IsSuccess;
                Assert.True(policy == p.Accepts(v), $"plateau {p.Name} = {v}: catalog {p.Accepts(v)}, PlateauPolicy {policy}");
            }
    }

    [Fact]
    public void A_per_epoch_schedule_drives_the_engine_with_the_runs_steps_per_epoch()
    {
        var c = RandomNetworks.Build(Activation.Tanh, Activation.Sigmoid, Loss.BinaryCrossEntropy, 3, [4], 2, 20, false, 7);
        const int Epochs = 8, StepsPerEpoch = 4; // shuffled batches of 6 from 20 rows: ⌈20/6⌉ steps
        var spec = EpochSchedule.Parse("warmup-cosine(2, 0.001)").Get();
        var schedule = spec.ToSchedule(0.05, StepsPerEpoch, Epochs).Get();
        var options = TrainingOptions.Create(Epochs, Batching.Shuffled(6), Rng.Create(1), plateau: spec.Plateau).Get();
        var trace = Train.Fit(c.Architecture, c.Batch, Rules.Adam(schedule).Get(), c.Parameters, options).Get().ToList();
        Assert.Equal(Enumerable.Range(1, Epochs).Select(e => e * StepsPerEpoch), trace.Skip(1).Select(i => i.Step));
        // Each iterate reports the rate of its epoch's last step: half-way up after the first warm-up epoch, the peak
        // after the second, then down the cosine towards 0.001.
        Assert.Equal(0.05 * 4 / 8, trace[1].LearningRate);
        Assert.Equal(0.05, trace[2].LearningRate);
        Assert.All(trace.Skip(1), i => Assert.Equal(schedule(i.Step - 1), i.LearningRate));
        Assert.InRange(trace[^1].LearningRate, 0.001, 0.0015);
    }

    private static double BitDecrement(double v) => Math.BitDecrement(v);

    private static double BitIncrement(double v) => Math.BitIncrement(v);
}
