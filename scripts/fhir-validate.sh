#!/usr/bin/env bash
# Offline FHIR R4 validator (HAPI FHIR) for notecoder's tests.
#
#   scripts/fhir-validate.sh [--show-warnings] [--timing] FILE... | -
#   scripts/fhir-validate.sh --build-only
#
# It validates exactly as make test does (pipeline/validate_test.go and
# tools/fhir-validator/selftest.sh call this script), offline:
#   - base R4, with the AIAST security code loaded from tools/fhir-validator/terminology/
#     (R4's packaged v3-ObservationValue predates it);
#   - US Core 6.1.0 and 7.0.0, from the StructureDefinitions, ValueSets and CodeSystems
#     committed in tools/fhir-validator/us-core/ (provenance: us-core/PROVENANCE.md), each
#     version in a validation context of its own: every resource is validated against the
#     profiles it declares in meta.profile under both versions, and an error found under one
#     version only says which ("[us-core/7.0.0] ..."). A declared profile that is not loaded
#     is an error;
#   - an Observation that declares no profile (notecoder's LVEF) is checked against US Core
#     Observation Clinical Result as if it declared it, at the top level and in Bundles.
#     Provenance is not: US Core Provenance's provenance-1 wants agent.onBehalfOf when
#     agent.who is a Device, which notecoder's Provenance has not (tools/fhir-validator/README.md).
# Value sets that are not available offline (VSAC's, some of terminology.hl7.org's) and code
# systems without a definition here (SNOMED CT, LOINC, ICD-10-CM) can only be warnings.
#
# Builds tools/fhir-validator/target/fhir-validator.jar with Maven when it is missing or older
# than tools/fhir-validator/{pom.xml,src/main}, then runs it. Maven is tried offline first
# (quick when ~/.m2 already holds everything) and online otherwise (the first run on a fresh
# machine downloads from Maven Central). Progress goes to stderr; stdout carries only the
# validator's JSON lines. Exit: 0 all valid, 1 some invalid, 2 usage/IO/build error.
#
# Environment: FHIR_VALIDATOR_JAVA_OPTS  JVM options (default: -XX:TieredStopAtLevel=1
#                                        -XX:+UseSerialGC; setting it, even empty, replaces
#                                        them): a run of a few hundred resources is mostly
#                                        start-up, where the C1 compiler alone and the serial
#                                        collector cost less CPU and a third of the memory
#              MVN                       Maven command (default: mvn)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="$root/tools/fhir-validator"
jar="$tool/target/fhir-validator.jar"
mvn_cmd="${MVN:-mvn}"

log() { printf 'fhir-validate: %s\n' "$*" >&2; }

jar_is_stale() {
	[[ -s "$jar" ]] || return 0
	[[ -n "$(find "$tool/pom.xml" "$tool/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]
}

# Maven prints its messages on stdout: send them to stderr, minus the colour escapes that
# Debian's Maven 3.8 emits even in batch mode.
run_mvn() {
	local rc=0
	"$mvn_cmd" "$@" 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g; /^$/d' >&2 || rc=$?
	return "$rc"
}

build_jar() {
	if ! command -v "$mvn_cmd" >/dev/null 2>&1; then
		log "Maven ('$mvn_cmd') not found; install it (Debian: apt-get install -y maven)"
		return 2
	fi
	local args=(-q -B -Dstyle.color=never -f "$tool/pom.xml" -Dmaven.test.skip=true package)
	local start=$SECONDS
	log "building $jar (offline) ..."
	# The offline attempt's messages are only noise when it fails for lack of cached artifacts.
	if run_mvn -o "${args[@]}" 2>/dev/null; then
		log "built in $((SECONDS - start))s"
		return 0
	fi
	log "offline build failed (artifacts not all in ~/.m2 yet?); retrying online (may download from Maven Central) ..."
	if run_mvn "${args[@]}"; then
		log "built in $((SECONDS - start))s"
		return 0
	fi
	log "Maven build failed"
	return 2
}

ensure_jar() {
	jar_is_stale || return 0
	mkdir -p "$tool/target"
	local locked=0
	# Serialise concurrent callers (e.g. parallel go test packages) around the build.
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$tool/target/.build.lock"
		flock 9
		locked=1
	fi
	local rc=0
	if jar_is_stale; then
		build_jar || rc=2
	fi
	if ((locked)); then
		exec 9>&-
	fi
	((rc == 0)) || return "$rc"
	[[ -s "$jar" ]] || { log "build produced no $jar"; return 2; }
}

if [[ "${1:-}" == "--build-only" ]]; then
	if [[ $# -ne 1 ]]; then
		log "--build-only takes no other argument"
		exit 2
	fi
	ensure_jar || exit 2
	log "jar ready: $jar"
	exit 0
fi

if ! command -v java >/dev/null 2>&1; then
	log "java not found; install a JDK 17+ (Debian: apt-get install -y openjdk-17-jdk-headless)"
	exit 2
fi

ensure_jar || exit 2

# -Xlog: send any JVM warning to stderr (the JVM's default is stdout).
# shellcheck disable=SC2086 # FHIR_VALIDATOR_JAVA_OPTS is a list of options
exec java -Xlog:disable -Xlog:all=warning:stderr \
	${FHIR_VALIDATOR_JAVA_OPTS--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} -jar "$jar" \
	--code-system "$tool/terminology/v3-ObservationValue-AIAST.json" \
	--ig "$tool/us-core/6.1.0" --ig "$tool/us-core/7.0.0" \
	--default-profile Observation=http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-clinical-result \
	"$@"
