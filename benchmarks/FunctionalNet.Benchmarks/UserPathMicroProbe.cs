using System.Diagnostics;
using System.Globalization;

namespace FunctionalNet.Benchmarks;

/// <summary><c>userpath-micro</c>: nanoseconds per call of the history log's per-epoch pieces.</summary>
internal static class UserPathMicroProbe
{
    public static void Run()
    {
        const int n = 2_000_000;
        var line = new FunctionalNet.Cli.Training.HistoryLine();
        var clock = Stopwatch.StartNew();
        double sink = 0;
        void Time(string name, Action<int> body)
        {
            for (int i = 0; i < n / 10; i++) body(i);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            body(0);
            for (int i = 0; i < n; i++) body(i);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1e6 / n:F1} ns"));
        }
        Time("Stopwatch.Elapsed", _ => sink += clock.Elapsed.TotalSeconds);
        Time("HistoryRow alloc", i => sink += new FunctionalNet.Cli.Training.HistoryRow(i, 0.1 + i * 1e-9, null, null, 0.5, i * 1e-6).Epoch);
        Time("Csv line", i => sink += line.Csv(new FunctionalNet.Cli.Training.HistoryRow(i, 0.012855562984886836 + i * 1e-12, null, null, 0.5, 1.2345 + i * 1.7e-6)).Length);
        Time("one double R", i => { Span<char> s = stackalloc char[32]; (0.012855562984886836 + i * 1e-12).TryFormat(s, out int w, "R", CultureInfo.InvariantCulture); sink += w; });
        string path = Path.GetTempFileName();
        using (var flush = new FunctionalNet.Cli.Training.HistoryFlush(new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new System.Text.UTF8Encoding(false)) { NewLine = "\n" }))
        {
            var text = "1234,0.012855562984886836,,,0.5,1.2345678901234567".AsSpan().ToArray();
            Time("HistoryFlush.Write", i => flush.Write(text, clock.Elapsed));
        }
        File.Delete(path);
        Console.WriteLine(sink > 0 ? "" : " ");
    }
}
