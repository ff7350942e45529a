// Scores a saved classifier over HTTP. Run from the repository root:
//   dotnet run --project examples/serve -- --model DIR [--urls http://127.0.0.1:5000]
// then POST /predict {"rows": [{"feature": 1.5, ...}, ...]} and GET /model (see docs/guide.md, "Scoring inside an app").
using FunctionalNet.IO;
using FunctionalNet.Serve;

string? directory = args.SkipWhile(a => a != "--model").Skip(1).FirstOrDefault();
if (directory is null)
{
    Console.Error.WriteLine("serve: --model DIR is required (a directory saved by fnet train or ModelFiles.Save)");
    return 2;
}
// The model is loaded once; every request scores the same immutable value, on any number of threads.
var loaded = ModelFiles.LoadClassifier(directory);
if (loaded.IsLeft)
{
    Console.Error.WriteLine($"serve: {loaded.Match(_ => "", e => e.Message)}");
    return 2;
}
var app = ScoringService.Create(loaded.Match(c => c, _ => null!), args);
app.Run();
return 0;
