namespace FunctionalNet.Kernels;

/// <summary>
/// A small count fixed at compile time: a kernel generic over it is specialised by the JIT per count, so its loops over the
/// count unroll and its conditions on it fold away (the registers of a tile stay registers).
/// </summary>
internal interface ITileWidth
{
    static abstract int Value { get; }
}

/// <summary>1.</summary>
internal readonly struct Width1 : ITileWidth
{
    public static int Value => 1;
}

/// <summary>2.</summary>
internal readonly struct Width2 : ITileWidth
{
    public static int Value => 2;
}

/// <summary>3.</summary>
internal readonly struct Width3 : ITileWidth
{
    public static int Value => 3;
}

/// <summary>4.</summary>
internal readonly struct Width4 : ITileWidth
{
    public static int Value => 4;
}

/// <summary>5.</summary>
internal readonly struct Width5 : ITileWidth
{
    public static int Value => 5;
}

/// <summary>6.</summary>
internal readonly struct Width6 : ITileWidth
{
    public static int Value => 6;
}

/// <summary>7.</summary>
internal readonly struct Width7 : ITileWidth
{
    public static int Value => 7;
}

/// <summary>8.</summary>
internal readonly struct Width8 : ITileWidth
{
    public static int Value => 8;
}
