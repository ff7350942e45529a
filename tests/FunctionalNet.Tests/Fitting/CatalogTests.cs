using FsCheck.Xunit;
using FunctionalNet.Model.Activations;
using FunctionalNet.Optimization.Scheduling;
using FunctionalNet.Optimization.UpdateRules;

namespace FunctionalNet.Tests.Fitting;

/// <summary>The catalog: every entry builds its value, so a name it lists is a name that trains.</summary>
public class CatalogTests
{
    [Fact]
    public void Every_activation_loss_and_initializer_entry_builds_its_value_from_its_name_and_parameters()
    {
        foreach (var e in Catalog.Activations)
        {
            Assert.True(Catalog.Activation(e.Name).IsSome, e.Name);
            Assert.Equal(e.Placement == Placement.OutputOnly, Catalog.Activation(e.Name).Exists(a => a.IsRowwise));
        }
        Assert.All(Catalog.Losses, e => Assert.True(Catalog.Loss(e.Name).IsSome, e.Name));
        Assert.All(Catalog.Initializers, e => Assert.True(Catalog.Initializer(e.Name).IsSome, e.Name));
        Assert.True(Catalog.Activation("elu(0.5)").Exists(a => a is Elu));
        Assert.True(Catalog.Loss("huber(0.2)").IsSome);
        Assert.True(Catalog.Activation("mish").IsNone);
    }

    [Fact]
    public void Every_optimizer_and_schedule_entry_plans_an_engine_run()
    {
        foreach (var optimizer in Catalog.Optimizers)
            foreach (var schedule in optimizer.IsMinimizer ? [Catalog.Schedules[0]] : Catalog.Schedules)
            {
                var plan = EnginePlan.Create(new MlpOptions { Optimizer = optimizer.Name, Schedule = schedule.Name, Epochs = 20 }, 100);
                Assert.True(plan.IsSuccess, $"{optimizer.Name} with {schedule.Name}: {string.Join("; ", plan.FailToSeq().Select(e => e.Message))}");
                var engine = plan.SuccessToSeq().Head;
                Assert.Equal(optimizer.IsMinimizer, engine.Minimizer is not null);
                Assert.Equal(schedule.Name == "plateau", engine.Plateau is not null);
            }
    }

    [Fact]
    public void The_first_order_optimizers_and_the_schedules_are_the_rule_and_schedule_catalogs_own_entries()
    {
        Assert.Equal([.. RuleCatalog.All.Select(d => d.Name), "cg", "lbfgs", "tnc"], Catalog.Optimizers.Select(e => e.Name));
        foreach (var rule in RuleCatalog.All)
        {
            var entry = Catalog.Optimizer(rule.Name).Case as OptimizerEntry;
            Assert.NotNull(entry);
            Assert.Same(rule, entry.Rule);
            Assert.Equal(rule.DefaultLearningRate, entry.DefaultLearningRate);
            Assert.Equal(rule.FullBatch, entry.FullBatch);
            Assert.Equal(rule.Parameters.Select(p => (p.Name, p.Default)), entry.Parameters.Where(p => p.Name != Catalog.LearningRate).Select(p => (p.Name, p.Default)));
        }
        Assert.Equal(EpochSchedule.Names, Catalog.Schedules.Select(e => e.Name));
        // Vectors of a fresh state: none for sgd, a velocity for momentum, two moments for adam, steps and signs for rprop.
        Assert.Equal([0, 1, 2, 2], new[] { "sgd", "momentum", "adam", "rprop" }.Select(n => Catalog.Optimizer(n).Map(e => e.StateCopies).IfNone(-1)));
    }

    [Property]
    public bool A_schedule_choice_converts_to_an_epoch_schedule_and_back_without_loss(int seed)
    {
        var r = new Random(seed);
        var entry = Catalog.Schedules[r.Next(Catalog.Schedules.Length)];
        var spec = entry.Parameters.Where(_ => r.Next(2) == 0).Aggregate(new ComponentSpec(entry.Name), (s, p) => s.With(p.Name, RandomOptions.Inside(p, r)));
        var schedule = new MlpOptions { Schedule = spec }.EpochSchedule.SuccessToSeq().Single();
        var back = ScheduleEntry.Spec(schedule);
        return entry.Create(back.Parameters).SuccessToSeq().Single().Equals(schedule)
            && entry.Parameters.All(p => back.Given[p.Name] == entry.Value(spec.Parameters, p.Name))
            && EpochSchedule.Parse(schedule.ToString()).SuccessToSeq().Single().Equals(schedule)
            && ScheduleEntry.Parse(schedule.ToString()).Exists(s => new MlpOptions { Schedule = s }.EpochSchedule.Exists(e => e.Equals(schedule)))
            && ScheduleEntry.Parse(spec.ToString()).Exists(s => s.Equals(spec));
    }
}
