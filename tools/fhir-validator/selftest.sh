#!/usr/bin/env bash
# Maven-free self-test of scripts/fhir-validate.sh against the sample resources in
# src/test/resources (valid/ must pass, invalid/ must fail with the expected messages).
# The invalid/us-core-*.json samples break a US Core rule (or claim a profile that is not
# loaded) and must pass once their meta.profile line is removed: US Core is really checked.
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

# Expected (substrings of error messages, separated by &&) for each invalid sample.
declare -A expect=(
	[bundle-invalid-entry.json]="condition-clinical#bogus"
	[observation-bad-extension.json]="ext-1"
	[observation-bad-reference.json]="Invalid reference 'Patient/'"
	[observation-bad-status.json]="observation-status#bogus"
	[observation-missing-code.json]="Observation.code: minimum required = 1"
	[observation-unknown-element.json]="Unrecognized property 'foo'"
	[observation-wrong-datatype.json]="valueQuantity must be an Object"
	[us-core-profile-not-loaded.json]="Profile reference 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-not-loaded' has not been checked because it could not be found"
	[us-core-provenance-device-agent.json]="provenance-1: 'onBehalfOf SHALL be present when Provenance.agent.who is a Practitioner or Device'"
	[us-core-smokingstatus-no-effective.json]="[us-core/6.1.0] Observation.effective[x]: minimum required = 1&&[us-core/7.0.0] Observation.effective[x]: minimum required = 1"
)
us_core_profile="http://hl7.org/fhir/us/core/StructureDefinition/us-core-smokingstatus"

# has_all LINE EXPECTATIONS: whether LINE contains every &&-separated expectation.
has_all() {
	local line="$1" rest="$2" want
	while [[ -n "$rest" ]]; do
		want="${rest%%&&*}"
		[[ "$rest" == *"&&"* ]] && rest="${rest#*&&}" || rest=""
		[[ "$line" == *"$want"* ]] || return 1
	done
}

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
"$validate" "${valid_files[@]}" >"$tmp/valid.out" 2>"$tmp/err"
rc=$?
check "valid samples exit 0" test "$rc" -eq 0
for f in "${valid_files[@]}"; do
	line="$(grep -F "\"source\":\"$f\"" "$tmp/valid.out")"
	if [[ "$line" == *'"valid":true'* ]]; then ok "valid: ${f##*/}"; else fail "valid: ${f##*/}" "$line"; fi
done

# Invalid samples: exit 1, each invalid with its expected message.
# Validated in the same run (one start-up less): the US Core samples without meta.profile.
invalid_files=("$res"/invalid/*.json)
stripped=()
for f in "$res"/invalid/us-core-*.json; do
	grep -v '^ *"profile": \[' "$f" >"$tmp/${f##*/}"
	stripped+=("$tmp/${f##*/}")
done
"$validate" "${invalid_files[@]}" "${stripped[@]}" >"$tmp/invalid.out" 2>"$tmp/err"
rc=$?
check "invalid samples exit 1" test "$rc" -eq 1
for f in "${invalid_files[@]}"; do
	name="${f##*/}"
	line="$(grep -F "\"source\":\"$f\"" "$tmp/invalid.out")"
	want="${expect[$name]:-}"
	if [[ "$line" == *'"valid":false'* && -n "$want" ]] && has_all "$line" "$want"; then
		ok "invalid: $name"
	else
		fail "invalid: $name (want valid=false and '${want:-<no expectation registered>}')" "$line"
	fi
done

# US Core is really checked: the valid US Core sample names its profile in both versions,
# and each invalid US Core sample passes once its meta.profile line is gone.
line="$(grep -F '"id":"obs-smoking-us-core"' "$tmp/valid.out")"
check "valid US Core sample checked against 6.1.0 and 7.0.0" has_all "$line" "\"$us_core_profile|6.1.0\"&&\"$us_core_profile|7.0.0\""
for f in "${stripped[@]}"; do
	line="$(grep -F "\"source\":\"$f\"" "$tmp/invalid.out")"
	if [[ "$line" == *'"valid":true'* ]]; then ok "valid without meta.profile: ${f##*/}"; else fail "valid without meta.profile: ${f##*/}" "$line"; fi
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
