namespace FunctionalNet.Cli.Training;

/// <summary>One reported epoch of a training history (<c>OUT/history.csv</c> or <c>.jsonl</c>); null where a value is unknown.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainCost">The training cost the epoch reported.</param>
/// <param name="ValidationCost">The validation cost, when there is a validation part.</param>
/// <param name="Metric">The validation metric (accuracy or R²), when there is a validation part held in memory.</param>
/// <param name="LearningRate">The rate of the epoch's last step (schedule × plateau multiplier); null for the line-search minimizers.</param>
/// <param name="Seconds">Wall-clock seconds since the run began, resumed runs included; null for epochs only a checkpoint remembers.</param>
internal sealed record HistoryRow(int Epoch, double TrainCost, double? ValidationCost, double? Metric, double? LearningRate, double? Seconds);
