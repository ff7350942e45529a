#!/bin/sh
# Native AOT: publishes docs/aot/predict.cs as a native executable and checks that it predicts, from a model saved by
# the library on the JIT (docs/aot/save-model.cs), the labels the library predicted. Needs clang and zlib1g-dev
# (apt-get install -y clang zlib1g-dev). A script, not a test: the native compile takes minutes where the trimmed
# publish of TrimmedAppTests takes well under one. Its output is recorded in docs/aot/output.txt.
# Run from the repository root.
set -e
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet run docs/aot/save-model.cs -- "$work/model" > "$work/expected.txt"
start=$(date +%s)
dotnet publish docs/aot/predict.cs -c Release -o "$work/out" > "$work/publish.log" 2>&1 || { cat "$work/publish.log"; exit 1; }
echo "native publish: $(( $(date +%s) - start )) s, executable $(( $(stat -c %s "$work/out/predict") / 1024 / 1024 )) MiB"
grep -o "warning IL[0-9]*: [^[]*" "$work/publish.log" | sort -u | sed 's/^/publish /' || true
"$work/out/predict" "$work/model" > "$work/actual.txt"
echo "JIT labels:    $(cat "$work/expected.txt")"
echo "native labels: $(cat "$work/actual.txt")"
if cmp -s "$work/expected.txt" "$work/actual.txt"; then echo "identical: True"; else echo "identical: False"; exit 1; fi
