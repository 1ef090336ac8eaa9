#!/bin/sh
# Rebuilds the committed seed corpus from the test specs: every fixture (as YAML, and as JSON so
# that the JSON reader has structured seeds too) and every invalid spec. Run from the repository root.
set -eu
out=codegen/fuzz/corpus/generate
rm -rf "$out" && mkdir -p "$out"
for spec in tests/fixtures/*/spec.yaml; do
    case=$(basename "$(dirname "$spec")")
    cp "$spec" "$out/fixture_$case.yaml"
    python3 -c 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))' "$spec" > "$out/fixture_$case.json"
done
for spec in tests/invalid/*; do
    [ -f "$spec" ] && cp "$spec" "$out/invalid_$(basename "$spec")"
done
for spec in tests/invalid/*/spec.yaml; do
    cp "$spec" "$out/invalid_$(basename "$(dirname "$spec")").yaml"
done
