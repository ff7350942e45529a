namespace FunctionalNet;

/// <summary>Precision, recall, F1 and support of one class, or of an average over classes.</summary>
/// <param name="Name">Class name, or <c>macro avg</c> / <c>weighted avg</c>.</param>
/// <param name="Precision">True positives over predicted positives.</param>
/// <param name="Recall">True positives over actual positives.</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="Support">Number of samples of the class (all samples for an average).</param>
public sealed record ClassScores(string Name, double Precision, double Recall, double F1, int Support);
