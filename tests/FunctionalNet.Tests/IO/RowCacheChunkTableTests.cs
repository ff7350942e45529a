using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using FunctionalNet.Data;
using FunctionalNet.Data.Preprocessing;
using FunctionalNet.Formats;
using FunctionalNet.IO;

namespace FunctionalNet.Tests.IO;

/// <summary>
/// Format version 4 (issue 32): the chunk table's per-chunk statistics give the scaler bit for bit as the opening pass
/// over the rows gave it, and each chunk is verified on its own against its SHA-256s.
/// </summary>
public class RowCacheChunkTableTests
{
    internal static readonly Arbitrary<(int Rows, int Features, int Chunk, int Split, bool Single, bool Weighted, int Seed)> Cases =
        (from rows in Gen.Choose(1, 300)
         from features in Gen.Choose(1, 6)
         from chunk in Gen.Choose(1, 70)
         from split in Gen.Choose(1, 1000)
         from single in Gen.Elements(true, false)
         from weighted in Gen.Elements(false, true)
         from seed in Gen.Choose(0, 100_000)
         select (rows, features, chunk, Math.Max(1, rows * split / 1000), single, weighted, seed)).ToArbitrary();

    // Random values with a constant column, a column of ±0 and an occasional repeated value, so every rule of the scaler is met.
    internal static Dataset Data(int rows, int features, int seed, bool weighted)
    {
        var x = new double[rows * features];
        Rng.Create((ulong)seed).FillNormal<double>(x, 3, 5);
        for (int r = 0; r < rows; r++)
        {
            x[r * features] = 2;
            if (features > 1) x[r * features + 1] = (r + seed) % 3 == 0 ? -0.0 : 0.0;
            if (features > 2 && r % 4 == 1) x[r * features + 2] = x[(r - 1) * features + 2];
        }
        var data = Dataset.Stored(Matrix<double>.Create(rows, features, x), new ClassTargets([.. Enumerable.Range(0, rows).Select(r => (r + seed) % 3)], ["a", "b", "c"]));
        return weighted ? data.WithWeights([.. Enumerable.Range(0, rows).Select(r => (double)((r * 7 + seed) % 5))]) : data;
    }

    private static bool Same(IEnumerable<double> a, IEnumerable<double> b) => a.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Select(BitConverter.DoubleToInt64Bits));

    [Property(MaxTest = 60)]
    public Property A_version_4_scaler_from_the_chunk_table_equals_the_opening_pass_over_the_same_rows_bit_for_bit() =>
        Prop.ForAll(Cases, c =>
        {
            var dir = Directory.CreateTempSubdirectory("fnet-chunks-");
            try
            {
                string v4 = Path.Combine(dir.FullName, "v4.fnetc"), v3 = Path.Combine(dir.FullName, "v3.fnetc");
                Assert.True(RowCache.Write(Data(c.Rows, c.Features, c.Seed, c.Weighted), v4, c.Single, c.Chunk).IsRight);
                RowCacheVersions.WithoutTable(v4, v3);
                // Today's path: the checksum pass over the whole file feeds the rows to the accumulator.
                using var old = RowCache.Open(v3, _ => c.Split).Match(f => f, e => throw new InvalidOperationException(e.Message));
                using var tabled = RowCache.OpenTable(v4, _ => c.Split).Match(f => f, e => throw new InvalidOperationException(e.Message));
                ColumnStatistics a = old.Statistics!, b = tabled.Statistics!;
                var h = tabled.Header;
                long partial = c.Split % c.Chunk == 0 || c.Split == c.Rows ? 0 : (long)(c.Split % c.Chunk) * h.RowBytes;
                return (old.Header.FormatVersion < 4 && h.FormatVersion == 4 && !old.HasChunkTable && tabled.HasChunkTable && !tabled.Verified).Label("versions")
                    .And((a.Count == b.Count && Same(a.Mean, b.Mean) && Same(a.Scale, b.Scale) && Same(a.Min, b.Min) && Same(a.Max, b.Max)).Label("the same bits"))
                    .And((tabled.BytesRead == RowCacheHeader.Size + h.NamesLength + h.TableLength + partial).Label("header, names, table and the partial chunk read"))
                    .And((Math.Abs(tabled.LargestMagnitude - old.LargestMagnitude) == 0).Label("largest magnitude"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });

    // Each region of one chunk damaged in turn: only a range holding that chunk fails, naming it; the others verify reading only their bytes.
    [Property(MaxTest = 25)]
    public Property VerifyChunks_reads_only_its_chunks_and_names_a_damaged_one() =>
        Prop.ForAll(Cases, Gen.Choose(0, 2).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (c, region, pick) =>
        {
            var dir = Directory.CreateTempSubdirectory("fnet-chunks-");
            try
            {
                string path = Path.Combine(dir.FullName, "d.fnetc");
                var header = RowCache.Write(Data(c.Rows, c.Features, c.Seed, weighted: true), path, c.Single, c.Chunk).Match(x => x, e => throw new InvalidOperationException(e.Message));
                int chunks = (int)header.Chunks, bad = pick % chunks, rows = (int)Math.Min(c.Chunk, c.Rows - (long)bad * c.Chunk);
                long first = (long)bad * c.Chunk;
                var bytes = File.ReadAllBytes(path);
                long at = region switch
                {
                    0 => RowCacheHeader.Size + first * header.RowBytes + pick % (rows * header.RowBytes),
                    1 => header.TargetsOffset + first * 4 + pick % (rows * 4),
                    _ => header.WeightsOffset + first * 8 + pick % (rows * 8),
                };
                bytes[at] ^= 0x10;
                File.WriteAllBytes(path, bytes);
                using var file = RowCache.OpenTable(path).Match(f => f, e => throw new InvalidOperationException(e.Message));
                long opened = file.BytesRead;
                LanguageExt.Either<Error, LanguageExt.Unit> before = bad == 0 ? LanguageExt.Unit.Default : file.VerifyChunks(0, bad);
                long read = file.BytesRead - opened;
                var failed = file.VerifyChunks(bad, chunks - bad);
                string message = failed.Match(_ => "", e => e.Message);
                return before.IsRight.Label("the chunks before verify")
                    .And((read == (long)bad * c.Chunk * (header.RowBytes + 4 + 8)).Label("reading only their bytes"))
                    .And((message.StartsWith($"cache {path}: chunk {bad + 1} (rows {first + 1} to {first + rows}): its {(region == 0 ? "features" : region == 1 ? "class labels" : "sample weights")} hash to", StringComparison.Ordinal)
                        && message.EndsWith("the file is damaged", StringComparison.Ordinal)).Label(message))
                    .And((!file.Verified).Label("not verified"));
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        });

    [Fact]
    public void A_damaged_chunk_table_or_names_byte_is_the_headers_checksum_in_one_line()
    {
        var dir = Directory.CreateTempSubdirectory("fnet-chunks-");
        try
        {
            string path = Path.Combine(dir.FullName, "d.fnetc");
            var header = RowCache.Write(Data(50, 3, 1, weighted: false), path, true, 8).Match(x => x, e => throw new InvalidOperationException(e.Message));
            foreach (long at in new[] { header.NamesOffset + 1, header.TableOffset, header.TableOffset + 97, header.FileLength - 1 })
            {
                var bytes = File.ReadAllBytes(path);
                bytes[at] ^= 1;
                string damaged = Path.Combine(dir.FullName, "bad.fnetc");
                File.WriteAllBytes(damaged, bytes);
                var message = RowCache.OpenTable(damaged).Match(f => { f.Dispose(); return ""; }, e => e.Message);
                Assert.StartsWith($"cache {damaged}: ", message, StringComparison.Ordinal);
                Assert.EndsWith("the file is damaged", message, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', message);
            }
            using var whole = RowCache.Open(path).Match(f => f, e => throw new InvalidOperationException(e.Message));
            Assert.True(whole.Verified);
            Assert.Equal(header.FileLength, whole.BytesRead);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
