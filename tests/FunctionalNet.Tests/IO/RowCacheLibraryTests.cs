using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.IO;

namespace FunctionalNet.Tests.IO;

/// <summary>
/// The row cache as a library (issue 32): a cache written from a lazy stream of blocks reads back as the rows, labels and
/// weights it was given, through the public <see cref="RowCache"/> alone, and a cache of an in-memory data set is the same
/// file as one streamed from its rows.
/// </summary>
public class RowCacheLibraryTests
{
    private static readonly Arbitrary<(int Rows, int Features, int Block, bool Weighted, int Seed)> Cases =
        (from rows in Gen.Choose(1, 60)
         from features in Gen.Choose(1, 5)
         from block in Gen.Choose(1, 25)
         from weighted in Gen.Elements(false, true)
         from seed in Gen.Choose(0, 10_000)
         select (rows, features, block, weighted, seed)).ToArbitrary();

    [Property(MaxTest = 30)]
    public Property Blocks_streamed_into_a_cache_read_back_as_written_and_match_the_in_memory_write() =>
        Prop.ForAll(Cases, c =>
        {
            var x = new float[c.Rows * c.Features];
            Rng.Create((ulong)c.Seed).FillNormal<float>(x, 0, 2);
            int[] labels = [.. Enumerable.Range(0, c.Rows).Select(r => (r * 7 + c.Seed) % 3)];
            double[] weights = [.. Enumerable.Range(0, c.Rows).Select(r => (double)((r + c.Seed) % 4))];
            string[] names = [.. Enumerable.Range(0, c.Features).Select(j => $"f{j}")];
            var dir = Directory.CreateTempSubdirectory("fnet-rowcache-");
            try
            {
                // Lazily, a block at a time, as a reader of a file larger than memory would hand them over.
                IEnumerable<RowBlock> Blocks()
                {
                    for (int start = 0; start < c.Rows; start += c.Block)
                    {
                        int n = Math.Min(c.Block, c.Rows - start);
                        yield return new RowBlock(MemoryMarshal.AsBytes(x.AsSpan(start * c.Features, n * c.Features)).ToArray(), labels.AsMemory(start, n),
                            c.Weighted ? weights.AsMemory(start, n) : default);
                    }
                }
                string streamed = Path.Combine(dir.FullName, "s.fnetc"), whole = Path.Combine(dir.FullName, "w.fnetc");
                var shape = new RowCacheShape(names, ["a", "b", "c"], Weighted: c.Weighted, ChunkRows: c.Block);
                bool written = RowCache.Write(streamed, shape, Blocks()).IsRight;
                var data = Dataset.Stored(Matrix<float>.Create(c.Rows, c.Features, x), new ClassTargets([.. labels], ["a", "b", "c"]), [.. names]);
                if (c.Weighted) data = data.WithWeights([.. weights]);
                bool same = RowCache.Write(data, whole, chunkRows: c.Block).IsRight && File.ReadAllBytes(streamed).AsSpan().SequenceEqual(File.ReadAllBytes(whole));
                using var file = RowCache.Open(streamed).Match(f => f, e => throw new InvalidOperationException(e.Message));
                var rows = RowCache.Rows<double>(file, 0, c.Rows, 3);
                var order = Enumerable.Range(0, c.Rows).ToArray();
                var (fx, fy, fw) = (new double[c.Rows * c.Features], new double[c.Rows * 3], new double[c.Weighted ? c.Rows : 0]);
                rows.Gather(order, fx, fy, fw);
                return (written && same).Label("written, and the same bytes as the in-memory write")
                    .And(fx.SequenceEqual(x.Select(v => (double)v)).Label("features"))
                    .And(Enumerable.Range(0, c.Rows).All(r => fy[r * 3 + labels[r]] == 1 && fy.Skip(r * 3).Take(3).Sum() == 1).Label("one-hot labels"))
                    .And((rows.Weighted == c.Weighted && (!c.Weighted || fw.SequenceEqual(weights))).Label("weights"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });

    // Issue 32: the scaler's statistics come from the checksum pass instead of a pass of their own, and are unchanged.
    [Property(MaxTest = 40)]
    public Property Statistics_gathered_while_opening_equal_those_of_a_separate_pass_over_the_rows() =>
        Prop.ForAll(Cases, Gen.Elements(true, false).ToArbitrary(), Gen.Choose(1, 1000).ToArbitrary(), (c, single, fraction) =>
        {
            var x = new double[c.Rows * c.Features];
            Rng.Create((ulong)c.Seed).FillNormal<double>(x, 4, 3);
            for (int r = 0; r < c.Rows; r++) x[r * c.Features] = 2; // a constant column
            var data = Dataset.Stored(Matrix<double>.Create(c.Rows, c.Features, x), new ClassTargets([.. Enumerable.Range(0, c.Rows).Select(r => r % 2)], ["a", "b"]));
            int rows = Math.Max(1, c.Rows * fraction / 1000);
            var dir = Directory.CreateTempSubdirectory("fnet-rowcache-");
            try
            {
                string path = Path.Combine(dir.FullName, "s.fnetc");
                Assert.True(RowCache.Write(data, path, single, c.Block).IsRight);
                using var file = RowCache.Open(path, _ => rows).Match(f => f, e => throw new InvalidOperationException(e.Message));
                var separate = ColumnStatistics.Of(c.Features, new CacheRows<double>(file, 0, rows, 2, null, null).RawChunks());
                var merged = file.Statistics!;
                using var plain = RowCache.Open(path).Match(f => f, e => throw new InvalidOperationException(e.Message));
                return (merged.Count == separate.Count && merged.Mean.SequenceEqual(separate.Mean) && merged.Scale.SequenceEqual(separate.Scale)
                        && merged.Min.SequenceEqual(separate.Min) && merged.Max.SequenceEqual(separate.Max)).Label("the same numbers")
                    .And((plain.Statistics is null).Label("none unless asked"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });

    [Property(MaxTest = 30)]
    public Property A_regression_cache_holds_real_valued_targets_streamed_or_whole_and_gives_them_standardised() =>
        Prop.ForAll(Cases, Gen.Choose(1, 3).ToArbitrary(), (c, k) =>
        {
            var x = new double[c.Rows * c.Features];
            Rng.Create((ulong)c.Seed).FillNormal<double>(x, 0, 2);
            var y = new double[c.Rows * k];
            Rng.Create((ulong)c.Seed + 1).FillNormal<double>(y, 5, 30);
            string[] names = [.. Enumerable.Range(0, c.Features).Select(j => $"f{j}")], targets = [.. Enumerable.Range(0, k).Select(j => $"y{j}")];
            double[] offset = [.. Enumerable.Range(0, k).Select(j => j - 1.5)], divisor = [.. Enumerable.Range(0, k).Select(j => j + 0.75)];
            var dir = Directory.CreateTempSubdirectory("fnet-rowcache-");
            try
            {
                IEnumerable<RowBlock> Blocks()
                {
                    for (int start = 0; start < c.Rows; start += c.Block)
                    {
                        int n = Math.Min(c.Block, c.Rows - start);
                        yield return new RowBlock(MemoryMarshal.AsBytes(x.AsSpan(start * c.Features, n * c.Features)).ToArray(), default, default,
                            y.AsMemory(start * k, n * k));
                    }
                }
                string streamed = Path.Combine(dir.FullName, "s.fnetc"), whole = Path.Combine(dir.FullName, "w.fnetc");
                bool written = RowCache.Write(streamed, new RowCacheShape(names, targets, SinglePrecision: false, ChunkRows: c.Block, Regression: true), Blocks()).IsRight;
                var data = Dataset.Regression(Matrix<double>.Create(c.Rows, c.Features, x), Matrix<double>.Create(c.Rows, k, y), [.. targets], [.. names]);
                bool same = RowCache.Write(data, whole, singlePrecision: false, chunkRows: c.Block).IsRight
                    && File.ReadAllBytes(streamed).AsSpan().SequenceEqual(File.ReadAllBytes(whole));
                using var file = RowCache.Open(streamed).Match(f => f, e => throw new InvalidOperationException(e.Message));
                var rows = RowCache.Rows<double>(file, 0, c.Rows, k, targetOffset: offset, targetDivisor: divisor);
                var (fx, fy) = (new double[c.Rows * c.Features], new double[c.Rows * k]);
                rows.Gather([.. Enumerable.Range(0, c.Rows)], fx, fy);
                return (written && same).Label("written, and the same bytes as the in-memory write")
                    .And((file.Header.Regression && file.Header.FormatVersion == FunctionalNet.Formats.RowCacheHeader.ChunkTableVersion && file.TargetNames.SequenceEqual(targets) && file.ClassNames.IsEmpty).Label("header"))
                    .And(fx.SequenceEqual(x).Label("features"))
                    .And(Enumerable.Range(0, y.Length).All(i => fy[i] == (y[i] - offset[i % k]) / divisor[i % k]).Label("standardised targets"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });
}
