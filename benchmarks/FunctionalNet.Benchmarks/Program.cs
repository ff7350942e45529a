using System.Globalization;
using BenchmarkDotNet.Running;
using FunctionalNet.Benchmarks;

// `gflops [size] [repeats] [threads]` and `shape m k n [repeats]` print quick GEMM probes; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "gflops")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    GflopsProbe.Run(Arg(1, 1024), Arg(2, 20), Arg(3, Environment.ProcessorCount));
    return;
}
if (args.Length > 0 && args[0] == "shape")
{
    int Arg(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
    ShapeProbe.Run(Arg(1), Arg(2), Arg(3), args.Length > 4 ? Arg(4) : 200);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
