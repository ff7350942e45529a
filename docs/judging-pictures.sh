#!/bin/sh
# Draws the pictures of the guide's "Judging a model" section into docs/images: a digits classifier's ROC,
# precision–recall and reliability pictures on the digits test part, and its permutation importance.
# Run from the repository root after `dotnet build src/FunctionalNet.Cli -c Release`.
set -e
fnet=${FNET:-src/FunctionalNet.Cli/bin/Release/net10.0/fnet}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fnet" datasets --export digits --part test --out "$work/digits-test.csv"
"$fnet" train --data digits --layers 32 --epochs 30 --seed 1 --out "$work/model" -q
"$fnet" evaluate --model "$work/model" --data "$work/digits-test.csv" --plots "$work/pictures" > /dev/null
"$fnet" importance --model "$work/model" --data "$work/digits-test.csv" --repeats 3 --plots "$work/pictures" > /dev/null
for name in roc precision-recall reliability importance; do cp "$work/pictures/$name.svg" "docs/images/digits-$name.svg"; done
