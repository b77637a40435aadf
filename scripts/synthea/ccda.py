#!/usr/bin/env python3
"""Pick Synthea C-CDA documents for testdata/synthea/ccda/ and label them.

Usage: scripts/synthea/ccda.py OUT_DIR   (OUT_DIR from `scripts/synthea/generate.sh --ccda`)

Synthea writes one C-CDA R2.1 document per patient. Each lists the patient's problems,
procedures, encounters and care plans in narrative tables whose description cells
(<td ID="...-desc-N">) hold the SNOMED CT names; they are labelled by build.py's table (the
conventions in ../shared/LABELLING.md), read here from the XML. The documents kept: a
greedy cover of the concepts, smallest first (so the set stays small), and the smallest
document that names none. Written gzipped with their labels in gold.jsonl.
"""
import glob
import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import CONCEPTS, NOT_ASSERTED, ROOT, TABLE, die  # noqa: E402

H = "{urn:hl7-org:v3}"
# sections whose names are drugs, results, vitals or allergies: no concept (build.py's SKIP_SECTIONS)
SKIP = {"Medications", "Diagnostic Results", "Vital Signs", "Immunizations", "Allergies", "Functional Status", "Social History"}


def gold(path):
    g = {}
    for sec in ET.parse(path).getroot().iter(H + "section"):
        title = sec.find(H + "title")
        if title is None or (title.text or "").strip() in SKIP:
            continue
        for td in sec.iter(H + "td"):
            if not re.search(r"-desc-\d+$", td.get("ID") or ""):
                continue
            x = (td.text or "").lower()
            for code, rx in TABLE:
                if re.search(rx, x):
                    g[code] = g.get(code, False) or not NOT_ASSERTED.search(x)
    return g


def main():
    if len(sys.argv) != 2:
        die("usage: scripts/synthea/ccda.py OUT_DIR (from scripts/synthea/generate.sh --ccda OUT_DIR)")
    files = sorted(glob.glob(str(Path(sys.argv[1]) / "ccda" / "*.xml")))
    if not files:
        die(f"no C-CDA documents in {sys.argv[1]}/ccda: run scripts/synthea/generate.sh --ccda {sys.argv[1]} first")
    docs = []
    for f in files:
        data = open(f, "rb").read()
        docs.append((len(gzip.compress(data, 9, mtime=0)), Path(f).name, data, gold(f)))
    docs.sort(key=lambda d: (d[0], d[1]))
    keep, covered = [], set()
    while True:
        best = max(docs, key=lambda d: (len(set(d[3]) - covered) / d[0], -d[0]))
        if not set(best[3]) - covered:
            break
        keep.append(best)
        covered |= set(best[3])
    keep.append(next(d for d in docs if not d[3]))
    dst = ROOT / "testdata/synthea/ccda"
    dst.mkdir(parents=True, exist_ok=True)
    for old in dst.glob("*.xml.gz"):
        old.unlink()
    with open(dst / "gold.jsonl", "w", encoding="utf-8") as g:
        for size, name, data, labels in sorted(keep, key=lambda d: d[1]):
            (dst / (name + ".gz")).write_bytes(gzip.compress(data, 9, mtime=0))
            g.write(json.dumps({"file": name + ".gz", "conditions": [{"code": c, "display": CONCEPTS[c], "asserted": a} for c, a in sorted(labels.items())]}) + "\n")
    print(f"{len(files)} C-CDA documents read; kept {len(keep)} ({sum(d[0] for d in keep)} bytes gzipped) covering {len(covered)} concepts", file=sys.stderr)


if __name__ == "__main__":
    main()
