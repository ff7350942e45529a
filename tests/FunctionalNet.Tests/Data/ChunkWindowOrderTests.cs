using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;

namespace FunctionalNet.Tests.Data;

/// <summary>The out-of-core epoch order: a permutation, the same for the same draws, and made of windows of whole chunks.</summary>
public class ChunkWindowOrderTests
{
    private static int[] Order(ulong seed, int count, int chunk, int window)
    {
        var order = new int[count];
        ChunkWindowOrder.Fill(Rng.Create(seed), chunk, window, order);
        return order;
    }

    private static readonly Arbitrary<(ulong Seed, int Count, int Chunk, int Window)> Cases =
        (from seed in ArbMap.Default.GeneratorFor<ulong>()
         from count in Gen.Choose(0, 3000)
         from chunk in Gen.Choose(1, 200)
         from window in Gen.Choose(1, 8)
         select (seed, count, chunk, window)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property It_is_a_permutation_and_deterministic() =>
        Prop.ForAll(Cases, c =>
        {
            var order = Order(c.Seed, c.Count, c.Chunk, c.Window);
            return order.Order().SequenceEqual(Enumerable.Range(0, c.Count)) && order.SequenceEqual(Order(c.Seed, c.Count, c.Chunk, c.Window));
        });

    // Walks the order as a reader would: each window is a run of positions holding exactly the rows of at most `window`
    // whole chunks, so no more than that many chunks are ever open at once.
    [Property(MaxTest = 200)]
    public Property Each_window_holds_whole_chunks_and_no_more_than_window_of_them() =>
        Prop.ForAll(Cases, c =>
        {
            var order = Order(c.Seed, c.Count, c.Chunk, c.Window);
            int Size(int chunk) => Math.Min(c.Chunk, c.Count - chunk * c.Chunk);
            int chunks = (c.Count + c.Chunk - 1) / c.Chunk, seen = 0;
            var open = new HashSet<int>();
            long rows = 0;
            for (int i = 0; i < order.Length; i++)
            {
                if (open.Add(order[i] / c.Chunk)) rows += Size(order[i] / c.Chunk);
                if (open.Count > c.Window) return false;
                if (i + 1 == rows && (open.Count == c.Window || i + 1 == order.Length))
                {
                    seen += open.Count;
                    open.Clear();
                    rows = i + 1;
                }
            }
            return open.Count == 0 && seen == chunks;
        });

    [Fact]
    public void Rows_are_mixed_across_the_chunks_of_a_window_and_seeds_differ()
    {
        var order = Order(1, 4000, 100, 4);
        // The first 400 positions hold 4 whole chunks, shuffled together: more than one chunk among the first ten.
        Assert.True(order.Take(10).Select(r => r / 100).Distinct().Count() > 1);
        Assert.NotEqual(order, Order(2, 4000, 100, 4));
    }
}
