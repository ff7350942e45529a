namespace FunctionalNet;

/// <summary>
/// A problem reported as a value rather than thrown: a short machine-readable code and a one-line message
/// that names what is wrong, where, and what was expected versus found.
/// </summary>
/// <param name="Code">Stable identifier such as <c>layer.width</c> or <c>csv.ragged-row</c>.</param>
/// <param name="Message">One line for a person.</param>
public sealed record Error(string Code, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
