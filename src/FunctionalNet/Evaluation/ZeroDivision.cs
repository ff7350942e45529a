namespace FunctionalNet;

/// <summary>
/// The value precision or recall takes when its denominator is zero (a class never predicted, or never present),
/// as scikit-learn's <c>zero_division</c>; its default "warn" behaves like <see cref="Zero"/>.
/// </summary>
public enum ZeroDivision
{
    /// <summary>0 (scikit-learn's default).</summary>
    Zero,

    /// <summary>1.</summary>
    One,
}
