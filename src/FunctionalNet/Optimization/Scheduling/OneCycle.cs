namespace FunctionalNet.Optimization.Scheduling;

/// <summary>
/// Smith &amp; Topin's (2019) one-cycle rate, as PyTorch's <c>OneCycleLR</c> computes it with cosine annealing and two
/// phases, step by step and in the same order of operations: from max/div up to max over the first
/// pct·T − 1 steps, then down to max/(div·final-div) at step T − 1 (T = total steps).
/// </summary>
internal static class OneCycle
{
    public static Schedule Create(double maxRate, int totalSteps, double pctStart, double divFactor, double finalDivFactor)
    {
        double initial = maxRate / divFactor, minimum = initial / finalDivFactor;
        double peakStep = pctStart * totalSteps - 1, lastStep = totalSteps - 1;
        return t =>
        {
            // Past the last step (PyTorch refuses to go there) the rate stays at its final value.
            double step = Math.Min(t, lastStep);
            return step <= peakStep
                ? Anneal(initial, maxRate, peakStep <= 0 ? 1 : step / peakStep)
                : Anneal(maxRate, minimum, (step - peakStep) / (lastStep - peakStep));
        };
    }

    private static double Anneal(double start, double end, double pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);
}
