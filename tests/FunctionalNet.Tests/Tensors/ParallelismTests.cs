using FunctionalNet.Tensors;

namespace FunctionalNet.Tests.Tensors;

public class ParallelismTests
{
    [Fact]
    public void Default_uses_every_processor_and_fewer_than_one_thread_is_rejected()
    {
        Assert.Equal(Environment.ProcessorCount, Parallelism.Default.MaxThreads);
        Assert.Equal(new Parallelism(3), new Parallelism(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Parallelism(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Parallelism(-2));
    }
}
