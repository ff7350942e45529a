using FunctionalNet.Fitting;
using FunctionalNet.Model.Activations;

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
}
