// Fit, score, save, reload and predict from F#, with pipes and the library's two front-door namespaces.
// Run from the repository root: dotnet run --project examples/fsharp [-- --out DIR]
open System.Collections.Immutable
open System.IO
open FunctionalNet
open FunctionalNet.IO

[<EntryPoint>]
let main argv =
    let dir =
        match argv with
        | [| "--out"; d |] -> d
        | _ -> Directory.CreateTempSubdirectory("fnet-fsharp-").FullName

    // Split returns a C# value tuple: F# takes it apart with `struct`.
    let struct (train, test) = Generators.Moons(Rng.Create 7, 800, 0.2) |> fun d -> Split.TrainTest(d, 0.25, Rng.Create 1)
    let options = MlpOptions(Layers = ImmutableArray.Create(16, 16), Activations = ImmutableArray.Create "tanh", Epochs = 300)

    // Validation<Error, T>: OrThrow for a script; Match to handle every listed problem.
    let model = Classifier.Fit(train, options).OrThrow()
    printfn "test accuracy %.4f" (model.Score test)

    // A hand-made row goes in as an F# array.
    let row = Matrix<double>.Create(1, 2, [| 0.5; -0.3 |])
    printfn "(0.5, -0.3) is class %s" (model.Predict row).[0]

    let path = Path.Combine(dir, "moons")
    ModelFiles.Save(path, model).OrThrow() |> ignore
    let again = ModelFiles.LoadClassifier(path).OrThrow()
    let same = Seq.forall2 (=) (model.Predict test.Features) (again.Predict test.Features)
    printfn "reloaded predictions identical: %b" same
    if same then 0 else 1
