using System.Numerics;
using System.Runtime.Intrinsics;
using FunctionalNet.Calculus;
using FunctionalNet.Kernels;
using FunctionalNet.Tensors;
using FunctionalNet.Tests.Support;
using Xunit;

namespace FunctionalNet.Tests.Calculus;

/// <summary>
/// The fused narrow gradient's bits are pinned: a rewrite of the kernel for speed (its tiles, its passes) must give, for
/// a fixed spread of networks (every hidden activation and output/loss pair, widths 1–16, 1 to 1,100 rows, L2 and sample
/// weights, float64 and float32) on 1, 2 and 3 threads, the bits the kernel gave when they were recorded (commit 7313457).
/// The lanes depend on the register width, so each width has its own record (256-bit: run with DOTNET_EnableAVX512F=0).
/// </summary>
public sealed class NarrowPinnedBitsTests
{
    private const int Cases = 48;

    private static readonly ulong[] Recorded512 =
    [
        0x88B29B72615C6842UL, 0xFB00FE5D00D71107UL, 0x580F06A1566956F3UL, 0x639C7F006B5E2581UL,
        0x574917868A8AE49CUL, 0xA287CF8D35457F14UL, 0x77A99697689FB78BUL, 0x5E01D17E2E725BECUL,
        0x23A3428AF58FC493UL, 0x250F3E6EE9A699C6UL, 0x7FF8A84D01E2E9B4UL, 0xAD868FBC2F3D67E2UL,
        0xC4A043D8064D683CUL, 0xEC1D8F00F46D3BC6UL, 0x38859D20F2C9DCA2UL, 0x162DFF77BE2E5420UL,
        0x0901B9756AA3F8B7UL, 0x2631D3E7210A1A8BUL, 0xBDD8371116E3730EUL, 0x4ACA31768B098DA4UL,
        0xBA661D44D4AADC51UL, 0x7353876DCB6B6FEFUL, 0x78F6CB6341403E68UL, 0x77DC94DF04450135UL,
        0x5574C785C96886B5UL, 0x1D3F9DDD45E3CB04UL, 0xF09108B9A959C0E3UL, 0xE3312770B60F2413UL,
        0xF61C660218DE5A4AUL, 0x9C7CDA328E9277A9UL, 0x1F7247A133446619UL, 0xE048BDDA86A1E50EUL,
        0xFBBB3958E5E1A7B0UL, 0x4A43D5F87CFD483BUL, 0xAF81EFB6698A0F4EUL, 0x4511624322AACA87UL,
        0x5982F9C9B0DD56F5UL, 0x7921B6BC96C67181UL, 0x2E8405B38EC4FE3EUL, 0x1D123756F150DEAAUL,
        0x789AAD4E3CB05EA3UL, 0xA63962F7548AFE68UL, 0x78543F12D5C13BD5UL, 0xD4261BCC24FC10B6UL,
        0x3006AF6A0CC899B8UL, 0xAA1F848E85431369UL, 0x8C361179B5374372UL, 0x6E3205394093235FUL,
    ];

    private static readonly ulong[] Recorded256 =
    [
        0x88B29B72615C6842UL, 0x217060369C40A668UL, 0xCE7B8A27AFBBFB40UL, 0x4626E19F19C57782UL,
        0xD91B386B4A8AE49CUL, 0x1B4F07223430858BUL, 0x9624CFE92910E9DCUL, 0x4A225AD5013C75A7UL,
        0x23A3428AF58FC493UL, 0x77D80D74383B9D02UL, 0x944A96905C4E55A1UL, 0x017C768B4B6CC37AUL,
        0x010E3FCE654CC694UL, 0x2A7794614092282CUL, 0xCDF81211B2C9DCA2UL, 0xFC293DBB91FB06E2UL,
        0x0901B9756AA3F8B7UL, 0x6874D41129AA9124UL, 0xD9F1A739574A09A2UL, 0x4808E0D44B098DA4UL,
        0x1E7C249179FDCAEDUL, 0x961C59AA444EA8A1UL, 0x466F0A0177A36B13UL, 0xBB144D9303C2CA3EUL,
        0x5574C785C96886B5UL, 0x1E7AF68606AA163EUL, 0xBCD5869AD00CDAD3UL, 0x13C83B7B9D45CA0AUL,
        0x8400105A391F20D9UL, 0xD70E44F20E9277A9UL, 0x31341763BB88DA86UL, 0x3338DFA3092C8ED4UL,
        0xFBBB3958E5E1A7B0UL, 0x3C354EDA2743D3EAUL, 0x0BF5A09C498A0F4EUL, 0xFAFFE82E41FA3519UL,
        0x26A1013062D7A849UL, 0xF7DF74D44CDF088EUL, 0xDC1D0BD0B5DEC5CEUL, 0xA12CE726D150DEAAUL,
        0x789AAD4E3CB05EA3UL, 0x264A0824DDA4620DUL, 0x1E22CDE4B700909AUL, 0xAB25DC7B36BA3575UL,
        0x776417C22CC899B8UL, 0x9CA8DB8EA9A0D7D6UL, 0x1098FADFCFE15410UL, 0x0B37968447D14EA7UL,
    ];

    [Fact]
    public void Gradient_and_cost_bits_are_the_recorded_ones()
    {
        var recorded = Vector512.IsHardwareAccelerated ? Recorded512 : Recorded256;
        var actual = Enumerable.Range(0, Cases).Select(Fingerprint).ToArray();
        Assert.True(recorded.SequenceEqual(actual), $"recorded for {(Vector512.IsHardwareAccelerated ? 512 : 256)}-bit registers: [{string.Join(", ", actual.Select(h => $"0x{h:X16}UL"))}]");
    }

    // One case's gradient and cost bits at 1, 2 and 3 threads (all must agree), folded into one FNV-1a hash.
    private static ulong Fingerprint(int s)
    {
        int[] rows = [1, 37, 64, 65, 200, 257, 1000, 1100];
        int[] widths = new[] { 1 + s * 5 % 16, 1 + s * 7 % 16, 1 + s * 3 % 16 }[..(1 + s % 3)];
        var pair = NarrowCases.Outputs[s / 4 % NarrowCases.Outputs.Length];
        var c = RandomNetworks.Build(NarrowCases.Hidden[s % 4], pair.Output, pair.Loss, 1 + s % 8, widths, 1 + s / 3 % 4, rows[s % 8], s % 2 == 1, s);
        if (s % 3 == 0) c = WeightedCases.Weighted(c);
        ulong hash = 14695981039346656037UL;
        for (int threads = 1; threads <= 3; threads++)
        {
            ulong one = s % 5 == 4 ? Single(c, threads) : Double(c, threads);
            if (threads == 1) hash = (hash ^ one) * 1099511628211UL;
            else Assert.Equal(hash, (14695981039346656037UL ^ one) * 1099511628211UL);
        }
        return hash;
    }

    private static ulong Double(NetworkCase c, int threads) => Run(c.Architecture, c.Parameters.Flat.ToArray(), c.Batch, threads);

    private static ulong Single(NetworkCase c, int threads)
    {
        var (parameters, batch) = NarrowCases.ToSingle(c);
        return Run(c.Architecture, parameters.Flat.ToArray(), batch, threads);
    }

    private static ulong Run<T>(FunctionalNet.Model.Architecture architecture, T[] theta, FunctionalNet.Data.Batch<T> batch, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gradient = new T[theta.Length];
        var narrow = new NarrowGradient<T>(architecture, new Parallelism(threads), parallelRows: 0);
        double cost = narrow.Run(theta, batch, gradient);
        ulong hash = 14695981039346656037UL;
        foreach (var g in gradient) hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(double.CreateTruncating(g))) * 1099511628211UL;
        return (hash ^ (ulong)BitConverter.DoubleToInt64Bits(cost)) * 1099511628211UL;
    }
}
