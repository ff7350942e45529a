namespace FunctionalNet.Cli.Training;

/// <summary>What one finished epoch reports to the progress display (a value: made every epoch, mostly for nobody).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">Epoch budget.</param>
/// <param name="TrainingCost">Cost on the whole training part after the epoch.</param>
/// <param name="ValidationCost">Cost on the validation part, when there is one.</param>
internal readonly record struct EpochRecord(int Epoch, int Epochs, double TrainingCost, double? ValidationCost);
