using System.Numerics;

namespace FunctionalNet.Data.Loading;

/// <summary>
/// Where a CSV read puts its feature rows as it parses them: a row is written into <see cref="Next"/>'s span and kept
/// only if <see cref="Commit"/> follows (a row the strict path refuses is overwritten). The in-memory loader keeps them
/// in a buffer; a streaming writer (a row cache) passes them on, so a table larger than memory is read in one pass.
/// </summary>
/// <typeparam name="T">The precision the features are parsed into.</typeparam>
public interface IFeatureSink<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Where the next row goes (one value per feature column).</summary>
    Span<T> Next();

    /// <summary>Keeps the row last written into <see cref="Next"/>'s span.</summary>
    void Commit();
}
