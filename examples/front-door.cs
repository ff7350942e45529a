// The front door: fit, score, save, reload and predict with two usings and scikit-learn's defaults.
// Run from the repository root: dotnet run examples/front-door.cs [-- --out DIR]
#:project ../src/FunctionalNet.IO/FunctionalNet.IO.csproj
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.IO;

string dir = args.Length == 2 && args[0] == "--out" ? args[1] : Directory.CreateTempSubdirectory("fnet-front-door-").FullName;
var train = Dataset.FromLabelled(BundledDigits.Train);
var test = Dataset.FromLabelled(BundledDigits.Test);

var classifier = Classifier.Fit(train).OrThrow();               // MLPClassifier's defaults; the scaler lives in the model
Console.WriteLine($"test accuracy {classifier.Score(test):F4}");
ModelFiles.Save(Path.Combine(dir, "digits"), classifier).OrThrow();
var again = ModelFiles.LoadClassifier(Path.Combine(dir, "digits")).OrThrow();
bool same = classifier.Predict(test.Features).SequenceEqual(again.Predict(test.Features));
Console.WriteLine($"reloaded predictions identical: {same}");
