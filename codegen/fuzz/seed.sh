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
# Specs of several files, as one input each (see fuzz_targets/generate.rs): the root, then every
# other YAML or JSON file below its folder after a line `#file: <path relative to the root>`.
several() {
    root=$1 name=$2 dir=$(dirname "$1")
    {
        cat "$root"
        find "$dir" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ! -path "$root" ! -name 'payload.json' | sort | while read -r file; do
            printf '\n#file: %s\n' "${file#"$dir"/}"
            cat "$file"
        done
    } > "$out/files_$name.yaml"
}
several tests/fixtures/multi_file/spec.yaml multi_file
several tests/fixtures/value_refs/spec.yaml value_refs
several tests/realistic/tracker/openapi.yaml tracker
several tests/realistic/gateways/openapi.yaml gateways
several tests/invalid/external_errors/spec.yaml external_errors
several tests/invalid/external_cycle/spec.yaml external_cycle
several tests/invalid/value_refs/spec.yaml invalid_value_refs
