using System.Globalization;
using BenchmarkDotNet.Running;
using FunctionalNet.Bench;
using FunctionalNet.Benchmarks;

// `gflops [size] [repeats] [threads]` and `shape m k n [repeats] [f64]` print quick GEMM probes, `workloads …` runs the
// WORKLOADS.md workloads as JSON lines, `curve …` times epochs for benchmarks/scale/curves.py; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "gflops")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    GflopsProbe.Run(Arg(1, 1024), Arg(2, 20), Arg(3, Environment.ProcessorCount));
    return;
}
if (args.Length > 0 && args[0] == "shape")
{
    int Arg(int i) => int.Parse(args[i], CultureInfo.InvariantCulture);
    ShapeProbe.Run(Arg(1), Arg(2), Arg(3), args.Length > 4 ? Arg(4) : 200, args.Length > 5 && args[5] == "f64");
    return;
}
if (args.Length > 0 && args[0] == "step")
{
    StepProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500);
    return;
}
if (args.Length > 0 && args[0] == "narrow-threads")
{
    NarrowThreadsProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000);
    return;
}
if (args.Length > 0 && args[0] == "sgd-epoch")
{
    SgdEpochProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000);
    return;
}
if (args.Length > 0 && args[0] == "tnc")
{
    TncProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
    return;
}
if (args.Length > 0 && args[0] == "session")
{
    SessionProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}
if (args.Length > 0 && args[0] == "csv")
{
    CsvLoadProbe.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
    return;
}
if (args.Length > 0 && args[0] == "outgemm")
{
    OutputGemmProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
    return;
}
if (args.Length > 0 && args[0] == "minimizer")
{
    MinimizerProbe.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
    return;
}
if (args.Length > 0 && args[0] == "curve")
{
    // curve rows:width:depth,… [threads]: seconds per epoch for benchmarks/scale/curves.py
    CurveProbe.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount);
    return;
}
if (args.Length > 0 && args[0] == "userpath")
{
    // userpath moons-gd|digits-adam [rounds] [data folder]: fnet train's code against the bench call, in one process
    UserPathProbe.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15, args.Length > 3 ? args[3] : "/work/shared/data");
    return;
}
if (args.Length > 0 && args[0] == "userpath-micro")
{
    UserPathMicroProbe.Run();
    return;
}
if (args.Length > 0 && args[0] == "userpath-split")
{
    // userpath-split moons-gd|digits-adam [rounds] [budgets] [data folder]: bench, the CLI's plan alone, and fnet train, per bench budget
    UserPathSplitProbe.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4, args.Length > 4 ? args[4] : "/work/shared/data");
    return;
}
if (args.Length > 0 && args[0] == "workloads")
{
    // The same runner `fnet bench` calls: workloads [all|id,id] [threads] [quick]
    var ids = args.Length > 1 && args[1] != "all" ? args[1].Split(',') : WorkloadRunner.AllIds;
    int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
    bool quick = args.Length > 3 && args[3] == "quick";
    // Without a data folder nearby the runner generates the moons (BenchData.BuiltInMoons).
    string? data = BenchOptions.FindDataDirectory(Environment.CurrentDirectory);
    Environment.Exit(WorkloadRunner.Run(new BenchOptions(ids, threads, quick, data), Console.Out, Console.Error));
}
BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
