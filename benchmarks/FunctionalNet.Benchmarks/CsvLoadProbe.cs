using System.Diagnostics;
using System.Globalization;
using FunctionalNet.Data.Loading;
using nietras.SeparatedValues;

namespace FunctionalNet.Benchmarks;

/// <summary>
/// `csv FILE [repeats]`: best-of-N seconds and MB/s of loading a numeric CSV (label last) into a data set, through
/// CsvLoader (float and double) and, beside it, Sep 0.17.1 parsing every cell to float into one preallocated array
/// (its fastest use: no labels, no checks). One JSON line each, as benchmarks/scale/load_speed.py prints its peers,
/// with wall seconds and CPU seconds (user + system of the process): on a machine shared with other work the CPU
/// time is the fair measure of a single-threaded parser, and MB/s are per CPU second.
/// </summary>
internal static class CsvLoadProbe
{
    public static void Run(string path, int repeats)
    {
        double megabytes = new FileInfo(path).Length / 1e6;
        Measure("fnet-float32", path, megabytes, repeats, () => Load(path, single: true));
        Measure("fnet-float64", path, megabytes, repeats, () => Load(path, single: false));
        Measure("sep-float32", path, megabytes, repeats, () => SepFloats(path));
    }

    private static int Load(string path, bool single)
    {
        using var stream = File.OpenRead(path);
        return CsvLoader.Load(stream, path, CsvOptions.Default with { SinglePrecision = single }).Match(d => d.Count, e => throw new InvalidOperationException(e.Head.Message));
    }

    private static int SepFloats(string path)
    {
        using var reader = Sep.Reader().FromFile(path);
        int cols = reader.Header.ColNames.Count, rows = 0;
        var values = new List<float[]>();
        foreach (var row in reader)
        {
            var x = new float[cols];
            for (int c = 0; c < cols; c++) x[c] = row[c].Parse<float>();
            values.Add(x);
            rows++;
        }
        return rows;
    }

    private static void Measure(string impl, string path, double megabytes, int repeats, Func<int> load)
    {
        double best = double.MaxValue, bestCpu = double.MaxValue;
        int rows = 0;
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            rows = load();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu).TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"impl\": \"{impl}\", \"file\": \"{Path.GetFileName(path)}\", \"rows\": {rows}, \"seconds\": {best:F3}, \"cpu_seconds\": {bestCpu:F3}, \"mb_per_cpu_s\": {megabytes / bestCpu:F1}}}"));
    }
}
