namespace FunctionalNet.Cli.Options;

/// <summary>Everything <c>fnet train</c> was asked to do, validated.</summary>
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
    bool LogScale);
