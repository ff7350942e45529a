using FsCheck;
using FsCheck.Fluent;

namespace FunctionalNet.Tests.Support;

/// <summary>Random softmax shapes — a row width, a row count and a seed — and one-hot target rows drawn from the seed.</summary>
internal static class SoftmaxShapes
{
    /// <summary>Widths 1 to <paramref name="maxWidth"/>, rows 1 to <paramref name="maxRows"/>, seeds 0 to <paramref name="maxSeed"/>.</summary>
    public static Arbitrary<(int Width, int Rows, int Seed)> Of(int maxWidth, int maxRows, int maxSeed) =>
        Gen.Choose(1, maxWidth).SelectMany(w => Gen.Choose(1, maxRows).SelectMany(r => Gen.Choose(0, maxSeed).Select(s => (w, r, s)))).ToArbitrary();

    /// <summary>Rows of <paramref name="width"/> targets, each a one at a place drawn from <paramref name="seed"/>'s fork 2.</summary>
    public static T[] OneHot<T>(int width, int rows, int seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var y = new T[width * rows];
        var rng = Rng.Create((ulong)seed).Fork(2);
        for (int r = 0; r < rows; r++) y[r * width + rng.NextInt((ulong)r, width)] = T.One;
        return y;
    }
}
