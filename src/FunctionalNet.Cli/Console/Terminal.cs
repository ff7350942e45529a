namespace FunctionalNet.Cli;

/// <summary>Where a command writes and how it learns it should stop: the only world the commands see.</summary>
/// <param name="Out">Results (tables, CSV, JSON) and progress lines.</param>
/// <param name="Error">Error lines.</param>
/// <param name="Interactive">True on a terminal: draw live progress bars instead of periodic lines.</param>
/// <param name="Cancel">Signalled by Ctrl+C.</param>
internal sealed record Terminal(TextWriter Out, TextWriter Error, bool Interactive, CancellationToken Cancel);
