using System.Numerics;

namespace FunctionalNet.Training;

/// <summary>
/// How many slots a mini-batch's gradient is summed from: the batch's rows split into S = 2ˢ near-equal contiguous slots,
/// whose gradients are added as a balanced tree (the fixed order that lets N processes share a batch and still step with
/// one process's bits). The default gives each slot at least <see cref="DefaultSlotRows"/> rows, at most
/// <see cref="DefaultMax"/> slots; one slot is the whole batch's gradient as one pass.
/// </summary>
public static class SlotCount
{
    /// <summary>The fewest rows a default slot gets: fewer would leave the matrix products too short to run near peak.</summary>
    public const int DefaultSlotRows = 64;

    /// <summary>The most slots the default gives (8 processes can share a batch of 512 or more).</summary>
    public const int DefaultMax = 8;

    /// <summary>The most slots that may be asked for.</summary>
    public const int Max = 1024;

    /// <summary>The slots of a batch of <paramref name="batchRows"/> rows: <paramref name="requested"/> when positive, else the default.</summary>
    public static int For(int batchRows, int requested) =>
        requested > 0 ? requested : 1 << BitOperations.Log2((uint)Math.Clamp(batchRows / DefaultSlotRows, 1, DefaultMax));

    /// <summary>A one-line description of an invalid slot count (0 = the default), or null.</summary>
    public static string? Problem(int slots) =>
        slots == 0 || slots is > 0 and <= Max && BitOperations.IsPow2(slots) ? null : $"the slots must be a power of two from 1 to {Max} (or 0 for the default), found {slots}";
}
