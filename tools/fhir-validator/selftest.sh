#!/usr/bin/env bash
# Maven-free self-test of scripts/fhir-validate.sh against the sample resources in
# src/test/resources (valid/ must pass, invalid/ must fail with the expected message).
# Needs only bash, grep and the wrapper (which builds the jar when needed).
# Usage: tools/fhir-validator/selftest.sh      (exit 0 when every check passes)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
validate="$here/../../scripts/fhir-validate.sh"
res="$here/src/test/resources"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [[ -n "${2:-}" ]] && printf '     %s\n' "$2"; }
check() { # check NAME CONDITION-COMMAND...
	local name="$1"; shift
	if "$@"; then ok "$name"; else fail "$name"; fi
}

# Expected (substring of an error message) for each invalid sample.
declare -A expect=(
	[bundle-invalid-entry.json]="condition-clinical#bogus"
	[observation-bad-extension.json]="ext-1"
	[observation-bad-reference.json]="Invalid reference 'Patient/'"
	[observation-bad-status.json]="observation-status#bogus"
	[observation-missing-code.json]="Observation.code: minimum required = 1"
	[observation-unknown-element.json]="Unrecognized property 'foo'"
	[observation-wrong-datatype.json]="valueQuantity must be an Object"
)

"$validate" --build-only 2>"$tmp/build.err" || { fail "build" "$(tail -5 "$tmp/build.err")"; echo "$passed passed, $failed failed"; exit 1; }
ok "build"

"$validate" --help >"$tmp/out" 2>"$tmp/err"
check "--help exits 0 and prints usage" test $? -eq 0 -a -n "$(grep -m1 '^Usage:' "$tmp/out")"

"$validate" >"$tmp/out" 2>"$tmp/err"
check "no input exits 2 with empty stdout" test $? -eq 2 -a ! -s "$tmp/out"

"$validate" "$tmp/does-not-exist.json" >"$tmp/out" 2>"$tmp/err"
check "missing file exits 2 with empty stdout" test $? -eq 2 -a ! -s "$tmp/out"

# Valid samples: exit 0, one valid line each.
valid_files=("$res"/valid/*.json)
"$validate" "${valid_files[@]}" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "valid samples exit 0" test "$rc" -eq 0
for f in "${valid_files[@]}"; do
	line="$(grep -F "\"source\":\"$f\"" "$tmp/out")"
	if [[ "$line" == *'"valid":true'* ]]; then ok "valid: ${f##*/}"; else fail "valid: ${f##*/}" "$line"; fi
done

# Invalid samples: exit 1, each invalid with its expected message.
invalid_files=("$res"/invalid/*.json)
"$validate" "${invalid_files[@]}" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "invalid samples exit 1" test "$rc" -eq 1
for f in "${invalid_files[@]}"; do
	name="${f##*/}"
	line="$(grep -F "\"source\":\"$f\"" "$tmp/out")"
	want="${expect[$name]:-}"
	if [[ "$line" == *'"valid":false'* && -n "$want" && "$line" == *"$want"* ]]; then
		ok "invalid: $name"
	else
		fail "invalid: $name (want valid=false and '${want:-<no expectation registered>}')" "$line"
	fi
done

# NDJSON on stdin: valid lines, then a broken JSON line and a bad-status line.
{
	cat "$res/valid-resources.ndjson"
	echo
	echo '{"resourceType":"Observation", "status": '
	grep -v '^\s*$' "$res/invalid/observation-bad-status.json" | tr -d '\n'
	echo
} >"$tmp/in.ndjson"
n_valid="$(grep -c . "$res/valid-resources.ndjson")"
"$validate" - <"$tmp/in.ndjson" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "stdin NDJSON exits 1" test "$rc" -eq 1
check "stdin NDJSON: one line per resource" test "$(grep -c . "$tmp/out")" -eq $((n_valid + 2))
check "stdin NDJSON: valid lines pass" test "$(head -n "$n_valid" "$tmp/out" | grep -c '"valid":true')" -eq "$n_valid"
check "stdin NDJSON: broken JSON reported" grep -q '"index":'"$n_valid"',.*"valid":false.*Invalid JSON' "$tmp/out"
check "stdin NDJSON: bad status reported" grep -q '"index":'"$((n_valid + 1))"',"resourceType":"Observation","id":"obs-bad-status","valid":false' "$tmp/out"

echo "$passed passed, $failed failed"
((failed == 0))
