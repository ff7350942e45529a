#!/bin/sh
# Native AOT: publishes a small app that loads a model saved by the library on the JIT (docs/aot/save-model.cs) and
# checks that it predicts the labels the library predicted. Needs clang and zlib1g-dev (apt-get install -y clang
# zlib1g-dev). A script, not a test: the native compile takes many minutes on the 2-core CI machine, where the trimmed
# publish of TrimmedAppTests needs none. Its output is recorded in docs/aot/output.txt. Run from the repository root.
set -e
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet run docs/aot/save-model.cs -- "$work/model" > "$work/expected.txt"
mkdir "$work/app"
# LanguageExt.Core, a dependency, carries trim and AOT warnings of its own (IL2104, IL3053): reported, not failed on.
cat > "$work/app/Aot.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
    <PublishAot>true</PublishAot>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <WarningsNotAsErrors>IL2104;IL3053</WarningsNotAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$root/src/FunctionalNet.IO/FunctionalNet.IO.csproj" />
  </ItemGroup>
</Project>
PROJECT
cat > "$work/app/Program.cs" <<'PROGRAM'
using FunctionalNet;
using FunctionalNet.IO;
var model = ModelFiles.LoadClassifier(args[0]).OrThrow();
Console.WriteLine(string.Join(' ', model.Predict(Generators.Moons(Rng.Create(3), 20, 0.1).Features)));
PROGRAM
start=$(date +%s)
dotnet publish "$work/app" -c Release -o "$work/out" --artifacts-path "$work/artifacts" > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
echo "native publish: $(( $(date +%s) - start )) s, executable $(stat -c %s "$work/out/Aot") bytes"
grep -o "warning IL[0-9]*: [^[]*" "$work/publish.log" | sort -u | sed 's/^/publish /' || true
"$work/out/Aot" "$work/model" > "$work/actual.txt"
echo "JIT labels:    $(cat "$work/expected.txt")"
echo "native labels: $(cat "$work/actual.txt")"
if cmp -s "$work/expected.txt" "$work/actual.txt"; then echo "identical: True"; else echo "identical: False"; exit 1; fi
