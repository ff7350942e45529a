// XOR in an F# script, from the FunctionalNet package.
// Pack the library into a folder that is a NuGet source, then run the script:
//   dotnet pack src/FunctionalNet -c Release -o ~/fnet-packages
//   dotnet nuget add source ~/fnet-packages --name fnet-local
//   dotnet fsi examples/fsharp/xor.fsx
#r "nuget: FunctionalNet"

open System.Collections.Immutable
open FunctionalNet

let train = Generators.Xor()
let options = MlpOptions(Layers = ImmutableArray.Create 8, Activations = ImmutableArray.Create "tanh", Epochs = 2000, Patience = 0)

// OrThrow suits a script; a program would Match on the listed problems.
let model = Classifier.Fit(train, options).OrThrow()
printfn "xor %s" (model.Predict train.Features |> String.concat " ")
