namespace FunctionalNet.Curvature;

/// <summary>Writes A·<paramref name="vector"/> into <paramref name="product"/> for a fixed symmetric matrix A (never formed).</summary>
/// <param name="vector">The vector to multiply; not to be kept.</param>
/// <param name="product">Where A·vector goes, of the same length; every element is overwritten.</param>
public delegate void SymmetricProduct(ReadOnlySpan<double> vector, Span<double> product);
