using System.Globalization;
using BenchmarkDotNet.Running;
using FunctionalNet.Benchmarks;

// `gflops [size] [repeats] [threads]` prints the quick GEMM probe; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "gflops")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    GflopsProbe.Run(Arg(1, 1024), Arg(2, 20), Arg(3, Environment.ProcessorCount));
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
