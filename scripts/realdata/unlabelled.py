#!/usr/bin/env python3
"""The real notes no labelled set holds, as sets that name nothing, for a sweep of what the rules find.

Usage:
  scripts/realdata/unlabelled.py [--corpus PATH] [--out DIR]
  bin/notecoder eval entities --models rules --data build/unlabelled/conditions.jsonl --errors
  bin/notecoder eval smoking --models rules --data build/unlabelled/smoking.xml --errors

Why: every note of ../shared/corpora/mtsamples/notes.jsonl that names a concept is in a labelled
set, a template near-duplicate of one, or held out; but the rules keep growing, and a new rule
may find a concept, an LVEF or a smoking status in a note nobody labelled. Scored against sets
that name nothing, every finding is listed among the errors ("wrongly found", "LVEF none,
found N", "UNKNOWN -> ..."), and each one can be read by hand: a right one is a real concept, a
wrong one a rule made too wide on real text.

Writes DIR/conditions.jsonl (the notes in no conditions set, testdata/real/*.jsonl) and
DIR/smoking.xml (the notes in no smoking set, testdata/real/smoking-*.xml). Left out of both:
the held-out halves (conditions-check*-b, conditions-check3-*) and every template near-duplicate
of one (word-trigram Jaccard >= 0.12 or the same sample name up to " - N", the rule the splits
use), so that reading these errors never reads a held-out note.
"""
import argparse, json, re, sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample as s1  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ["conditions-check-b", "conditions-check2-b", "conditions-check3-a", "conditions-check3-b"]


def ids(path):
    return {json.loads(l)["id"] for l in open(path, encoding="utf-8") if l.strip()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpora/mtsamples/notes.jsonl"), help="the MTSamples corpus (default: ../shared/corpora/mtsamples/notes.jsonl)")
    ap.add_argument("--out", default=str(ROOT / "build/unlabelled"), help="where to write the two sets (default: build/unlabelled)")
    a = ap.parse_args()
    try:
        notes = {n["id"]: n for n in map(json.loads, open(a.corpus, encoding="utf-8"))}
    except OSError as e:
        sys.exit(f"unlabelled.py: cannot read the corpus ({e}); pass --corpus PATH")
    real = ROOT / "testdata/real"
    held = set().union(*(ids(real / f"{h}.jsonl") for h in HELD_OUT))
    conditions = set().union(*(ids(p) for p in real.glob("*.jsonl")))
    smoking = set()
    for part in ("train", "dev"):
        smoking |= set(re.findall(r'<RECORD ID="([^"]+)">', (real / f"smoking-{part}.xml").read_text(encoding="utf-8")))
    near_held = s1.near_duplicate_of(notes, held)
    free = {i for i in notes if i not in held and not near_held(i)}
    order = lambda x: int(x[4:]) if x[4:].isdigit() else 0
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "conditions.jsonl", "w", encoding="utf-8") as f:
        cond = sorted(free - conditions, key=order)
        for i in cond:
            f.write(json.dumps({"id": i, "lang": "en", "text": notes[i]["text"], "conditions": [], "lvef": None}) + "\n")
    with open(out / "smoking.xml", "w", encoding="utf-8") as f:
        smk = sorted(free - smoking, key=order)
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!-- real notes no smoking set holds, each labelled UNKNOWN so that every status the rules find is listed -->\n<ROOT>\n')
        for i in smk:
            f.write(f'<RECORD ID="{i}">\n<SMOKING STATUS="UNKNOWN"></SMOKING>\n<TEXT>\n{escape(notes[i]["text"])}\n</TEXT>\n</RECORD>\n')
        f.write("</ROOT>\n")
    print(f"unlabelled.py: {len(cond)} notes in no conditions set -> {out / 'conditions.jsonl'}; {len(smk)} in no smoking set -> {out / 'smoking.xml'} ({len(notes) - len(free)} held-out notes and their near-duplicates left out)")


if __name__ == "__main__":
    main()
