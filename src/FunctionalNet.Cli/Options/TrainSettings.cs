namespace FunctionalNet.Cli.Options;

/// <summary>Everything <c>fnet train</c> was asked to do, validated. <see cref="Task"/> is null until the data decides it
/// (when --task was not given), then <c>classification</c> or <c>regression</c>.</summary>
internal sealed record TrainSettings(
    string Data,
    string? Label,
    int Samples,
    double Noise,
    string Optimizer,
    double LearningRate,
    int Epochs,
    int BatchSize,
    string Init,
    ulong Seed,
    double TestSplit,
    string? TestData,
    double ValidationSplit,
    int Patience,
    bool Float32,
    string Scale,
    string Out,
    bool Quiet,
    bool LogScale,
    int CheckpointEvery,
    string? Resume,
    string? Labels = null,
    string? TestLabels = null,
    double Tolerance = 1e-4,
    bool RestoreBest = false,
    string EpochCost = "running-mean",
    string? Task = null,
    string? WeightColumn = null,
    string? ClassWeight = null,
    string? Dropout = null,
    string PlotFormat = "svg")
{
    /// <summary>The settings that decide what the loop computes (not how long it runs or where it writes): a
    /// checkpoint may only be resumed by a run with the same fingerprint.</summary>
    public string Fingerprint(FunctionalNet.Model.Architecture architecture) =>
        (this with { Epochs = 0, Out = "", Quiet = false, LogScale = false, PlotFormat = "svg", CheckpointEvery = 0, Resume = null }).ToString() + " " + architecture;
}
