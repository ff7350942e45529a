using FunctionalNet.Data;
using FunctionalNet.Optimization.Schedules;
using LanguageExt;
using static LanguageExt.Prelude;

namespace FunctionalNet.Training;

/// <summary>Options shared by every training route.</summary>
public sealed record TrainingOptions
{
    private TrainingOptions(int maxEpochs, Batch<double>? validation, PlateauPolicy? plateau)
    {
        MaxEpochs = maxEpochs;
        Validation = validation;
        Plateau = plateau;
    }

    /// <summary>The run ends after this many epochs (counted from the start's epoch); scikit-learn's max_iter is 200.</summary>
    public int MaxEpochs { get; }

    /// <summary>A held-out set whose cost is reported every epoch (see <see cref="Holdout"/>).</summary>
    public Batch<double>? Validation { get; }

    /// <summary>Reduce the learning rate on plateaus of the monitored cost (scikit-learn's adaptive schedule).</summary>
    public PlateauPolicy? Plateau { get; }

    /// <summary>200 epochs, no validation set, no plateau reduction.</summary>
    public static TrainingOptions Default { get; } = new(200, null, null);

    /// <summary>Validated options.</summary>
    public static Validation<Error, TrainingOptions> Create(int maxEpochs = 200, Batch<double>? validation = null, PlateauPolicy? plateau = null) =>
        maxEpochs >= 1
            ? Success<Error, TrainingOptions>(new TrainingOptions(maxEpochs, validation, plateau))
            : Validation<Error, TrainingOptions>.Fail(Seq1(new Error("training.max-epochs", $"training: the epoch limit must be ≥ 1, found {maxEpochs}")));
}
