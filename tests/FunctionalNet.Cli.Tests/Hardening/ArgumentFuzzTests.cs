using System.Collections.Immutable;
using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FunctionalNet.Cli.Tests.Support;
using Xunit.Abstractions;

namespace FunctionalNet.Cli.Tests.Hardening;

/// <summary>
/// Random and boundary values for every option of every command, read from the System.CommandLine tree (so a new
/// option is fuzzed without touching this file), run in-process. No case may end in an internal error (exit 70), an
/// exception or a stack trace, every error line starts with <c>fnet: </c>, and the existing model directory changes
/// only when the run says it saved a model.
/// </summary>
[Collection(ArgumentFuzzGroup.Name)]
public class ArgumentFuzzTests(ArgumentFuzzFixture fixture, ITestOutputHelper output)
{
    private const int Cases = 5000;

    [Fact]
    public void No_argument_gives_an_internal_error_a_stack_trace_or_a_changed_model()
    {
        var property = Prop.ForAll(ArgumentCases.All(fixture).ToArbitrary(), c =>
        {
            string? problem = fixture.Judge(c);
            Assert.True(problem is null, problem);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithReplay(new Replay(new Rnd(0x16_F022UL, 0x5EEDUL), null)), property);
        foreach (var line in fixture.Tally()) output.WriteLine(line);
        // A run that only ever met the first check of each command would prove little: every command got past its
        // arguments somewhere, and some training runs saved a model. (bench is given no data: a real run takes minutes.)
        Assert.All(fixture.Commands.Where(c => c != "bench"), command => Assert.True(fixture.Succeeded(command) > 0, $"no case of '{command}' succeeded"));
        Assert.True(fixture.Saved > 0, "no training case saved a model");
        // Every option of every command was given in some case (new ones, such as sweep's --refit and --histories, included).
        var tree = Cli.Build(new Terminal(TextWriter.Null, TextWriter.Null, false, CancellationToken.None)).Subcommands;
        var never = tree.SelectMany(c => c.Options.Where(o => o is not (System.CommandLine.Help.HelpOption or VersionOption)).Select(o => $"{c.Name} {o.Name}"))
            .Where(o => !fixture.Fuzzed.Contains(o)).ToArray();
        Assert.True(never.Length == 0, "never fuzzed: " + string.Join(", ", never));
    }
}

/// <summary>One fuzz case: a command and the options given to it, each with its value (null for a bare flag).</summary>
public sealed record ArgumentCase(string Command, IReadOnlyList<(string Option, string? Value)> Given)
{
    public override string ToString() =>
        $"fnet {Command} " + string.Join(' ', Given.Select(g => g.Value is null ? g.Option : $"{g.Option} '{g.Value}'"));
}

/// <summary>Generates cases from the command tree.</summary>
public static class ArgumentCases
{
    // Numbers at and around their boundaries, and text that is not a number at all.
    private static readonly string[] Integers =
        ["-1", "0", "1", "2", "3", "64", "2147483647", "-2147483648", "1073741824", "1000000000", "99999999999", "1.5", "NaN", "abc", ""];

    private static readonly string[] Unsigned = ["0", "1", "18446744073709551615", "-1", "1e3", "abc", ""];

    private static readonly string[] Reals =
        ["0", "-0", "-1", "0.5", "0.999", "0.001", "1", "1e-320", "1e308", "-1e308", "1.7976931348623157e308", "1e309", "NaN", "Infinity", "-Infinity", "abc", ""];

    private static readonly string[] Booleans = ["true", "false", "maybe", ""];

    // Words the options take (so a case can get past the first check) and some they do not.
    private static readonly string[] Words =
        ["", " ", "-", "5,5", "none", "1,,2", "0", "-1", "100000,100000", "30000,30000", "2147483647", "65536,65536,65536",
         "relu", "tanh", "elu(1e400)", "leaky-relu(NaN)", "softmax", "sigmoid", "identity", "ce", "bce", "mse",
         "gd", "sgd", "adam", "rprop", "lbfgs", "cg", "tnc", "float32", "float64", "float16", "minmax", "standard", "exact", "running-mean",
         "moons", "digits", "xor", "spirals", "all", "train", "test", "onnx", "uniform(1e308)", "he", "label", "x0", "moons-gd", "a\0b", "ñ/é",
         "jsonl", "random", "halving", "lr=loguniform(0.01,1)", "layers=choice(2|3)",
         "auto", "f1", "balanced_accuracy", "fp=1,fn=5", "fp=-1,fn=NaN", "fn=0,fp=0", "temperature", "platt", "0.3"];

    /// <summary>Every command's options with values drawn from pools by their type; paths come from the fixture.</summary>
    public static Gen<ArgumentCase> All(ArgumentFuzzFixture fixture)
    {
        var commands = Cli.Build(new Terminal(TextWriter.Null, TextWriter.Null, false, CancellationToken.None)).Subcommands.ToArray();
        string[] paths = fixture.Paths;
        return
            from command in Gen.Elements(commands)
            let options = command.Options.Where(o => o is not (System.CommandLine.Help.HelpOption or VersionOption)).ToArray()
            from given in options.Aggregate(Gen.Constant(ImmutableList<(string, string?)>.Empty), (list, o) =>
                    from l in list
                    from g in Given(o, paths, options.Length)
                    select g is { } v ? l.Add(v) : l)
            select new ArgumentCase(command.Name, given);
    }

    // About two options a case, so many cases pass every check and run (train has 30 options: a third of them each
    // time would nearly always include a bad one); a value from the type's pool (or, for text, words and paths).
    private static Gen<(string, string?)?> Given(Option option, string[] paths, int options)
    {
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        Gen<string?> value =
            type == typeof(bool) ? Gen.Elements<string?>([null, null, null, .. Booleans])
            : type == typeof(int) ? Gen.Elements<string?>(Integers)
            : type == typeof(ulong) ? Gen.Elements<string?>(Unsigned)
            : type == typeof(double) ? Gen.Elements<string?>(Reals)
            : Gen.OneOf(Gen.Elements<string?>(Words), Gen.Elements<string?>(paths));
        return
            from present in Gen.Choose(1, Math.Max(options, 3)).Select(k => k <= 2)
            from v in value
            select present ? (option.Name, v) : ((string, string?)?)null;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ArgumentFuzzGroup : ICollectionFixture<ArgumentFuzzFixture>
{
    // Alone, because the cases run with the fixture's directory as the current one (relative paths land there).
    public const string Name = "argument fuzz";
}

/// <summary>
/// A directory of things paths can point at (a tiny CSV, garbage, an empty file, a directory, a model) that is the
/// current directory while cases run, and the judge of each case.
/// </summary>
public sealed class ArgumentFuzzFixture : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly string previousDirectory = Environment.CurrentDirectory;
    private string modelState;

    public ArgumentFuzzFixture()
    {
        var rows = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 12; i++) rows.Append(FormattableString.Invariant($"{i % 5},{(i * 7) % 3},{(i % 2 == 0 ? "x" : "y")}\n"));
        Csv = dir.Write("tiny.csv", rows.ToString());
        dir.Write("garbage.csv", "\u0001\u0002,\"\n,,\n");
        dir.Write("empty.csv", "");
        Directory.CreateDirectory(dir["folder"]);
        Directory.CreateDirectory(dir["bench-data"]);
        // Devices behind links, so a case that writes "to" one replaces the link, never the device.
        File.CreateSymbolicLink(dir["null"], "/dev/null");
        File.CreateSymbolicLink(dir["zero"], "/dev/zero");
        Model = dir["model"];
        var trained = Fnet.InProcess("train", "--data", Csv, "--layers", "3", "--epochs", "2", "--out", Model, "-q");
        if (trained.ExitCode != 0) throw new InvalidOperationException($"the fixture's model did not train: {trained.Error}");
        modelState = State(Model);
        // The commands that read a model default to one no case trains over: the shared model is whatever the last
        // training case saved (another task, other features), which left evaluate and inspect with no case to pass.
        ReadModel = dir["read-model"];
        var read = Fnet.InProcess("train", "--data", Csv, "--layers", "3", "--epochs", "2", "--out", ReadModel, "-q");
        if (read.ExitCode != 0) throw new InvalidOperationException($"the fixture's read-only model did not train: {read.Error}");
        Environment.CurrentDirectory = dir.Path;
    }

    private readonly Dictionary<(string Command, int Code), int> outcomes = [];
    private int sweeps;

    /// <summary>"command option" for every option some case gave.</summary>
    public HashSet<string> Fuzzed { get; } = [];

    /// <summary>Commands that ran at least one case.</summary>
    public IEnumerable<string> Commands => outcomes.Keys.Select(k => k.Command).Distinct();

    /// <summary>Training cases that saved a model.</summary>
    public int Saved { get; private set; }

    /// <summary>Cases of <paramref name="command"/> that exited 0.</summary>
    public int Succeeded(string command) => outcomes.GetValueOrDefault((command, 0));

    /// <summary>Exit codes per command, for the test's output.</summary>
    public IEnumerable<string> Tally() =>
        outcomes.OrderBy(o => o.Key.Command, StringComparer.Ordinal).ThenBy(o => o.Key.Code).Select(o => $"{o.Key.Command}: exit {o.Key.Code} × {o.Value}");

    /// <summary>The model directory every case that writes one writes into, unless it names another.</summary>
    public string Model { get; }

    /// <summary>The model predict, evaluate, importance and inspect read unless a case names another; never trained over.</summary>
    public string ReadModel { get; }

    public string Csv { get; }

    /// <summary>Paths the text options draw from: files of every kind, a directory, a missing file, devices, odd names
    /// (absolute, or relative to the fixture's directory; never a path whose replacement would harm the machine).</summary>
    public string[] Paths =>
        [Csv, dir["garbage.csv"], dir["empty.csv"], dir["folder"], dir["missing.csv"], Model, dir["null"], dir["zero"],
         "/proc/self/status", new string('n', 300), dir["new/dir/out"], dir["out.onnx"], "model"];

    /// <summary>Runs a case with the options the fuzzer adds to keep it short, and says what went wrong, or null.</summary>
    public string? Judge(ArgumentCase c)
    {
        var args = Arguments(c);
        using var cancel = new CancellationTokenSource();
        using var stdout = new CancelAtProgress(cancel);
        using var stderr = new StringWriter();
        int code;
        try
        {
            code = Cli.Run(args, new Terminal(stdout, stderr, false, cancel.Token));
        }
#pragma warning disable CA1031 // the point of the test: any exception escaping a command is a finding
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"{c}: {e.GetType().Name} escaped: {e.Message}\n{e.StackTrace}";
        }
        string error = stderr.ToString();
        outcomes[(c.Command, code)] = outcomes.GetValueOrDefault((c.Command, code)) + 1;
        Fuzzed.UnionWith(c.Given.Select(g => $"{c.Command} {g.Option}"));
        string where = $"{c} (ran as {string.Join(' ', args.Select(a => $"'{a}'"))}) exited {code}: {error}";
        if (code == 70 || error.Contains("internal error", StringComparison.Ordinal)) return "internal error: " + where;
        if (code is not (0 or 1 or 2 or 130)) return "unexpected exit code: " + where;
        if (error.Contains("   at ", StringComparison.Ordinal) || error.Contains("Exception", StringComparison.Ordinal)) return "stack trace or exception name: " + where;
        if (error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(l => !l.StartsWith("fnet: ", StringComparison.Ordinal))) return "an error line without 'fnet: ': " + where;
        if (code == 2 && error.Length == 0) return "bad input without saying why: " + where;
        string now = State(Model);
        bool saved = stdout.ToString().Contains("saved    ", StringComparison.Ordinal);
        if (now != modelState && !saved) return "the model directory changed although nothing was saved: " + where;
        if (saved) Saved++;
        modelState = now;
        return null;
    }

    // Brief runs: one epoch and few samples unless the case sets them, the fixture's model and files as defaults,
    // and progress lines kept (so the first epoch's line can stop a long run; see CancelAtProgress).
    private string[] Arguments(ArgumentCase c)
    {
        var given = c.Given.ToList();
        bool Has(string option) => given.Any(g => g.Option == option);
        var extra = new List<string>();
        void Add(string option, string value)
        {
            if (!Has(option)) extra.AddRange([option, value]);
        }
        switch (c.Command)
        {
            case "train":
                Add("--out", Model);
                Add("--epochs", "1");
                Add("--samples", "24");
                given.RemoveAll(g => g.Option == "--quiet");
                break;
            case "predict" or "evaluate" or "importance" or "inspect":
                Add("--model", ReadModel);
                Add("--data", Csv);
                break;
            case "export":
                Add("--model", Model);
                Add("--out", dir["exported.onnx"]);
                break;
            case "bench":
                Add("--data", dir["bench-data"]);
                break;
            case "cache":
                Add("--data", Csv);
                Add("--out", dir["fuzz.fnetc"]);
                break;
            // A results file of its own (cases' settings differ, so a shared one would refuse them all as another
            // sweep's) and brief trials, so sweeps get as far as --refit and --histories; --collect takes none of these.
            case "sweep" when !Has("--collect"):
                Add("--out", dir[$"sweep-{++sweeps}.jsonl"]);
                // Halving sets each rung's epochs itself.
                if (!given.Any(g => g.Option == "--search" && g.Value?.Trim() == "halving")) Add("--epochs", "1");
                Add("--samples", "24");
                Add("--folds", "2");
                break;
        }
        return [c.Command, .. given.SelectMany(g => g.Value is null ? [g.Option] : new[] { g.Option, g.Value }), .. extra];
    }

    // Names, sizes and SHA-256 of every file under the model directory.
    private static string State(string directory)
    {
        if (!Directory.Exists(directory)) return "missing";
        return string.Join("\n", Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}"));
    }

    public void Dispose()
    {
        Environment.CurrentDirectory = previousDirectory;
        dir.Dispose();
    }

    /// <summary>
    /// Stdout that signals Ctrl+C when the first epoch's progress line is written: a case with a huge --epochs still
    /// checks everything before training, trains one epoch, and saves it as an interrupted run would, without a clock.
    /// </summary>
    private sealed class CancelAtProgress(CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            if (value is not null && value.StartsWith("epoch ", StringComparison.Ordinal)) cancel.Cancel();
            base.WriteLine(value);
        }
    }
}
