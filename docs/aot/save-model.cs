// Fits a small moons classifier, saves it into the folder given, and prints the labels it predicts on 20 fresh moons:
// the labels the Native AOT app of docs/aot-publish.sh must print from the saved model.
// Run from the repository root: dotnet run docs/aot/save-model.cs -- DIR
#:project ../../src/FunctionalNet.IO/FunctionalNet.IO.csproj
#:property PublishAot=false
using FunctionalNet;
using FunctionalNet.IO;

var model = Classifier.Fit(Generators.Moons(Rng.Create(1), 200, 0.1), MlpOptions.Default with { Layers = [8], Epochs = 50 }).OrThrow();
ModelFiles.Save(args[0], model).OrThrow();
Console.WriteLine(string.Join(' ', model.Predict(Generators.Moons(Rng.Create(3), 20, 0.1).Features)));
