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
cp -r docs/aot/app "$work/app"
start=$(date +%s)
dotnet publish "$work/app" -c Release -o "$work/out" --artifacts-path "$work/artifacts" -p:Native=true -p:FunctionalNetRoot="$root" > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
echo "native publish: $(( $(date +%s) - start )) s, executable $(stat -c %s "$work/out/ScoringApp") bytes"
grep -o "warning IL[0-9]*: [^[]*" "$work/publish.log" | sort -u | sed 's/^/publish /' || true
"$work/out/ScoringApp" "$work/model" > "$work/actual.txt"
echo "JIT labels:    $(cat "$work/expected.txt")"
echo "native labels: $(cat "$work/actual.txt")"
if cmp -s "$work/expected.txt" "$work/actual.txt"; then echo "identical: True"; else echo "identical: False"; exit 1; fi
