// Loads the model saved in the folder given and prints the labels it predicts on 20 fresh moons (docs/aot/save-model.cs
// prints the same on the JIT).
using FunctionalNet;
using FunctionalNet.IO;

var model = ModelFiles.LoadClassifier(args[0]).OrThrow();
Console.WriteLine(string.Join(' ', model.Predict(Generators.Moons(Rng.Create(3), 20, 0.1).Features)));
