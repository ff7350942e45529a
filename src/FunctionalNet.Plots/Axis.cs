namespace FunctionalNet.Plots;

/// <summary>
/// Maps data values on [Min, Max] to pixels on [From, To], linearly or by log₁₀, and proposes tick values:
/// 1-2-5 steps for linear axes, powers of ten (or 1-2-5 within a decade) for log axes.
/// </summary>
internal sealed record Axis(double Min, double Max, double From, double To, bool Log)
{
    /// <summary>An axis covering <paramref name="values"/> (finite ones; positive ones for log), padded slightly.</summary>
    public static Axis Covering(IEnumerable<double> values, double from, double to, bool log, bool pad = true)
    {
        var usable = values.Where(v => double.IsFinite(v) && (!log || v > 0)).ToList();
        double lo = usable.Count == 0 ? (log ? 0.1 : 0) : usable.Min();
        double hi = usable.Count == 0 ? 1 : usable.Max();
        if (log)
        {
            lo = Math.Log10(lo);
            hi = Math.Log10(hi);
        }
        if (hi - lo < 1e-12)
        {
            lo -= 0.5;
            hi += 0.5;
        }
        else if (pad)
        {
            double margin = (hi - lo) * 0.04;
            lo -= margin;
            hi += margin;
        }
        return log ? new Axis(Math.Pow(10, lo), Math.Pow(10, hi), from, to, true) : new Axis(lo, hi, from, to, false);
    }

    /// <summary>Pixel position of <paramref name="value"/>.</summary>
    public double Map(double value)
    {
        double t = Log
            ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
            : (value - Min) / (Max - Min);
        return From + t * (To - From);
    }

    /// <summary>Tick values inside [Min, Max].</summary>
    public IReadOnlyList<double> Ticks(int target = 6)
    {
        if (Log)
        {
            int first = (int)Math.Ceiling(Math.Log10(Min)), last = (int)Math.Floor(Math.Log10(Max));
            if (last - first >= 1) return [.. Enumerable.Range(first, last - first + 1).Select(e => Math.Pow(10, e))];
            // Less than a decade: fall back to linear ticks, which still map correctly on a log axis.
            return new Axis(Min, Max, From, To, false).Ticks(target).Where(t => t > 0).ToList();
        }
        double step = NiceStep((Max - Min) / target);
        var ticks = new List<double>();
        for (double t = Math.Ceiling(Min / step) * step; t <= Max + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    private static double NiceStep(double raw)
    {
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }
}
