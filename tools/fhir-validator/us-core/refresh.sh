#!/usr/bin/env bash
# Re-extracts the US Core conformance resources the validator loads from a clone of
# https://github.com/HL7/US-Core, byte for byte, and rewrites PROVENANCE.md.
#
#   tools/fhir-validator/us-core/refresh.sh US-CORE-CLONE [TAG...]     (default tags: 6.1.0 7.0.0)
#
# US-CORE-CLONE is a clone of HL7/US-Core (work tree or bare: only `git show TAG:PATH` is
# used, so what is checked out does not matter). For each TAG the files are taken from
# input/resources/ at that tag: the StructureDefinitions of the profiles in ROOTS (those
# notecoder's resources claim or are checked against, see ../README.md) and, transitively,
# every StructureDefinition, ValueSet and CodeSystem of US Core they name (baseDefinition,
# type.profile, type.targetProfile, binding.valueSet, and a ValueSet's include/exclude).
# Definitions from elsewhere (base R4, terminology.hl7.org, VSAC) are not copied: base R4
# comes with HAPI; the others are listed in PROVENANCE.md as not available.
# The TAG/ folder is replaced; its files are the blobs of the tag, unchanged.
# Needs git, jq and sha256sum.
set -euo pipefail

ROOTS=(
	us-core-smokingstatus
	us-core-condition-problems-health-concerns
	us-core-condition-encounter-diagnosis
	us-core-observation-clinical-result
	us-core-provenance
)
SD="http://hl7.org/fhir/us/core/StructureDefinition/"

die() { printf 'refresh: %s\n' "$*" >&2; exit 2; }
[[ $# -ge 1 ]] || die "usage: $0 US-CORE-CLONE [TAG...]"
src="$1"; shift
tags=("$@")
((${#tags[@]})) || tags=(6.1.0 7.0.0)
for c in git jq sha256sum; do command -v "$c" >/dev/null || die "$c is needed"; done
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 || die "$src is not a git repository"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The canonical URLs a conformance resource names (versions stripped).
refs() {
	jq -r '[.baseDefinition?,
	        (.differential.element[]? | (.type[]? | (.profile[]?, .targetProfile[]?)), .binding.valueSet?),
	        ((.compose.include[]?, .compose.exclude[]?) | (.system?, .valueSet[]?))]
	       | .[] | select(. != null) | sub("\\|.*$"; "")'
}

for tag in "${tags[@]}"; do
	commit="$(git -C "$src" rev-parse --verify -q "$tag^{commit}")" || die "no tag $tag in $src"
	igver="$(git -C "$src" show "$tag:fsh-generated/resources/ImplementationGuide-hl7.fhir.us.core.json" | jq -r .version)"
	license="$(git -C "$src" show "$tag:fsh-generated/resources/ImplementationGuide-hl7.fhir.us.core.json" | jq -r .license)"
	[[ "$igver" == "$tag" ]] || die "$tag: the ImplementationGuide says version $igver"
	# url -> path for every StructureDefinition, ValueSet and CodeSystem of the tag.
	declare -A path_of=()
	while IFS= read -r p; do
		u="$(git -C "$src" show "$tag:$p" | jq -r 'select(.resourceType == "StructureDefinition" or .resourceType == "ValueSet" or .resourceType == "CodeSystem") | .url')"
		[[ -n "$u" ]] && path_of["$u"]="$p"
	done < <(git -C "$src" ls-tree --name-only "$tag" input/resources/ | grep '\.json$')

	declare -A seen=()
	queue=()
	for r in "${ROOTS[@]}"; do queue+=("$SD$r"); done
	files=()
	external=()
	while ((${#queue[@]})); do
		u="${queue[0]}"; queue=("${queue[@]:1}")
		[[ -n "${seen[$u]:-}" ]] && continue
		seen["$u"]=1
		p="${path_of[$u]:-}"
		if [[ -z "$p" ]]; then
			[[ "$u" == http://hl7.org/fhir/us/core/* ]] && die "$tag: $u is named but not in input/resources/"
			external+=("$u")
			continue
		fi
		files+=("$p")
		while IFS= read -r r; do queue+=("$r"); done < <(git -C "$src" show "$tag:$p" | refs)
	done
	unset path_of seen

	out="$here/$tag"
	rm -rf "$out"
	mkdir -p "$out"
	for p in "${files[@]}"; do
		git -C "$src" show "$tag:$p" >"$out/${p##*/}"
	done
	{
		printf 'tag: %s\ncommit: %s\nlicense: %s\nexternal:' "$tag" "$commit" "$license"
		printf ' %s' $(printf '%s\n' "${external[@]}" | sort -u)
		echo
	} >"$out/source.txt"
	printf 'refresh: %s (%s): %d files\n' "$tag" "$commit" "${#files[@]}" >&2
done

# PROVENANCE.md from every TAG/ folder present.
{
	cat <<'HEAD'
# US Core definitions loaded by the validator: provenance

Written by `refresh.sh`; do not edit by hand. Every file below is a blob of the repository
https://github.com/HL7/US-Core at the given tag, copied unchanged from `input/resources/`
(the JSON that SUSHI and the IG Publisher build US Core from: differentials only, without
snapshots or `version`; the validator generates the snapshots from base R4 and sets the
version to the folder's name). Licence: CC0-1.0, as the ImplementationGuide resource of
each tag (`fsh-generated/resources/ImplementationGuide-hl7.fhir.us.core.json`, "license")
and `sushi-config.yaml` say.

Check: `cd tools/fhir-validator/us-core && sha256sum -c <(sed -n 's/^| `\(.*\)` | `\([0-9a-f]\{64\}\)` |$/\2  \1/p' PROVENANCE.md)`

Roots (the profiles checked; everything else is what they name, transitively):
HEAD
	for r in "${ROOTS[@]}"; do printf -- '- %s%s\n' "$SD" "$r"; done
	for d in "$here"/*/; do
		[[ -f "$d/source.txt" ]] || continue
		field() { sed -n "s/^$1: *//p" "$d/source.txt"; }
		tag="$(field tag)"
		printf '\n## US Core %s\n\n' "$tag"
		printf -- '- repository: %s\n- tag: %s\n- commit: %s\n- path in the repository: input/resources/\n- licence: %s\n\n' \
			"https://github.com/HL7/US-Core" "$tag" "$(field commit)" "$(field license)"
		printf 'Named but not US Core'"'"'s own (base R4 comes with HAPI; the rest, VSAC and terminology.hl7.org value sets and external code systems, are not available offline):\n\n'
		for u in $(field external); do printf -- '- %s\n' "$u"; done
		printf '\n| file | sha256 |\n|---|---|\n'
		(cd "$d" && for f in *.json; do printf '| `%s/%s` | `%s` |\n' "$tag" "$f" "$(sha256sum "$f" | cut -d' ' -f1)"; done)
	done
} >"$here/PROVENANCE.md"
echo "refresh: wrote $here/PROVENANCE.md" >&2
