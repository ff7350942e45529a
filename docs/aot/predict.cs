// Loads the model in the folder given and prints the labels it predicts on the 20 moons docs/aot/save-model.cs scores.
// A file-based app publishes as Native AOT by default: dotnet publish docs/aot/predict.cs (see docs/aot-publish.sh).
// LanguageExt.Core, a dependency, carries trim and AOT warnings of its own (IL2104, IL3053): reported, not failed on;
// the library's own code raises none.
#:project ../../src/FunctionalNet.IO/FunctionalNet.IO.csproj
#:property WarningsNotAsErrors=IL2104%3BIL3053
using FunctionalNet;
using FunctionalNet.IO;

var model = ModelFiles.LoadClassifier(args[0]).OrThrow();
Console.WriteLine(string.Join(' ', model.Predict(Generators.Moons(Rng.Create(3), 20, 0.1).Features)));
