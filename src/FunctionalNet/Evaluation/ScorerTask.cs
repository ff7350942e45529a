namespace FunctionalNet;

/// <summary>The kind of estimator a <see cref="Scorer"/> scores.</summary>
public enum ScorerTask
{
    /// <summary>Scores predicted classes or class probabilities against labels.</summary>
    Classification,

    /// <summary>Scores predicted values against target values.</summary>
    Regression,
}
