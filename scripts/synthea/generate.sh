#!/usr/bin/env bash
# Generate the Synthea patients behind testdata/synthea/ (FHIR R4 bundles whose
# DocumentReferences carry Synthea's clinical notes), reproducibly: Synthea 3.3.0 from Maven
# Central, fixed seeds and reference date. Then scripts/synthea/build.py picks the notes and
# writes the sets. Not part of make test (the sets are committed); about 5 minutes and 600 MB.
#
# Usage: scripts/synthea/generate.sh [OUT_DIR]      (default build/synthea-out)
#        scripts/synthea/generate.sh --ccda [OUT_DIR] (C-CDA documents of 30 patients instead,
#        seeds 778; then scripts/synthea/ccda.py OUT_DIR picks testdata/synthea/ccda/; 1 minute)
# Environment: NOTECODER_CACHE (cache root, default $HOME/.cache/notecoder), MVN (default mvn)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
ccda=false
if [[ "${1:-}" == "--ccda" ]]; then ccda=true; shift; fi
if [[ "${1:-}" == -* ]]; then echo "usage: scripts/synthea/generate.sh [--ccda] [OUT_DIR]" >&2; exit 2; fi
out="${1:-$root/build/synthea-out}"
version=3.3.0
libs="${NOTECODER_CACHE:-${HOME:-/root}/.cache/notecoder}/synthea-$version/libs"
die() { echo "generate.sh: $*" >&2; exit 1; }
command -v java >/dev/null || die "Install Java 17+ (Debian: apt-get install -y openjdk-17-jre-headless)."
if [[ ! -f "$libs/synthea-$version.jar" ]]; then
  mvn="${MVN:-mvn}"
  command -v "${mvn%% *}" >/dev/null || die "Install Maven (Debian: apt-get install -y maven) or set MVN."
  echo "fetching Synthea $version and its dependencies into $libs ..." >&2
  tmp="$libs.tmp.$$"
  # shellcheck disable=SC2086
  $mvn -B -q -f "$here/pom.xml" -Dsynthea.version="$version" -Dsynthea.libs="$tmp" dependency:copy-dependencies >&2 \
    || die "Maven could not fetch Synthea $version; check that Maven Central is reachable."
  rm -rf "$libs" && mkdir -p "$(dirname "$libs")" && mv "$tmp" "$libs"
fi
rm -rf "$out"
if $ccda; then
  echo "generating the C-CDA documents of 30 patients aged 45-95 into $out ..." >&2
  java -Xmx4g -cp "$libs/*" App -p 30 -s 778 -cs 778 -r 20260101 -a 45-95 \
    --exporter.baseDirectory="$out/" --exporter.years_of_history=3 --exporter.fhir.export=false --exporter.ccda.export=true \
    >"$out.log" 2>&1 || { tail -20 "$out.log" >&2; die "Synthea failed (log: $out.log)"; }
  echo "$(ls "$out/ccda" | wc -l) documents in $out/ccda; next: scripts/synthea/ccda.py $out" >&2
  exit 0
fi
echo "generating 400 patients aged 45-95 into $out ..." >&2
# Resources the notes do not need are left out (a tenth of the size); DiagnosticReport stays:
# Synthea writes the note's DocumentReference beside it.
java -Xmx6g -cp "$libs/*" App -p 400 -s 777 -cs 777 -r 20260101 -a 45-95 \
  --exporter.baseDirectory="$out/" --exporter.years_of_history=3 \
  --exporter.fhir.transaction_bundle=false --exporter.hospital.fhir.export=false --exporter.practitioner.fhir.export=false \
  --exporter.fhir.excluded_resources=Claim,ExplanationOfBenefit,Observation,Provenance,ImagingStudy,Immunization,Media,SupplyDelivery,Device,MedicationAdministration \
  >"$out.log" 2>&1 || { tail -20 "$out.log" >&2; die "Synthea failed (log: $out.log)"; }
echo "$(ls "$out/fhir" | wc -l) bundles in $out/fhir; next: scripts/synthea/build.py $out" >&2
