#!/usr/bin/env python3
"""Draw a further round of training notes (train only) from ../shared/corpora/mtsamples.

Usage: scripts/realdata/sample_more.py [--round N]   (2: 140 smoking + 120 condition notes;
3: 150 condition notes; 4: 150 condition notes from any specialty that name a concept)

Reproducible (a fixed seed per round). Notes already in testdata/real/sample*.json are
skipped, and so is any note whose word-trigram Jaccard similarity to a dev note is >= 0.12
or whose sample name matches a dev note's up to a " - N" suffix (the rule sample.py splits
by): a template near-duplicate of a dev note must not be trained on. Writes
testdata/real/sample-N.json.
"""
import argparse, json, random, re, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample as s1  # noqa: E402

ROUNDS = {2: (20261203, 140, 120), 3: (20261204, 0, 150), 4: (20261205, 0, 150)}  # seed, smoking notes, condition notes
# Round 4 draws from every specialty (surgery notes carry past histories and consent-form
# risk lists), among the notes that name a concept of the table at all.
CONCEPT = re.compile(r"hypertension|\bHTN\b|diabet|\bDM\b|coronary|\bCAD\b|myocardial infarction|\bMI\b|atrial fib|\bCHF\b|heart failure|"
                     r"stroke|\bCVA\b|pulmonary embol|\bPE\b|kidney disease|renal (failure|insufficiency)|hyperlipid|cholesterol|cardiomyopathy|"
                     r"mitral regurg|aortic stenosis|heart block", re.I)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--round", type=int, default=2, choices=sorted(ROUNDS))
    rnd = ap.parse_args().round
    SEED, N_SMOKING, N_COND = ROUNDS[rnd]
    here = Path(__file__).resolve().parents[2]
    corpus = here.parent / "shared/corpora/mtsamples/notes.jsonl"
    notes = [json.loads(l) for l in open(corpus, encoding="utf-8")]
    by = {n["id"]: n for n in notes}
    first = json.loads((here / "testdata/real/sample.json").read_text())
    taken = set(first["split"])
    for r in range(2, rnd):
        taken |= set(json.loads((here / f"testdata/real/sample-{r}.json").read_text())["split"])
    dev = [i for i, p in first["split"].items() if p == "dev"]
    name = lambda i: re.sub(r"\s*-\s*\d+\s*$", "", by[i]["sample_name"]).strip().lower()
    devsh = {i: s1.shingles(by[i]["text"]) for i in dev}
    devnames = {name(i) for i in dev}

    def near_dev(i):
        if name(i) in devnames:
            return True
        sh = s1.shingles(by[i]["text"])
        return any(sh and d and len(sh & d) / len(sh | d) >= s1.JACCARD for d in devsh.values())

    rng = random.Random(SEED)
    tob = [n["id"] for n in notes if n["id"] not in taken and s1.TOBACCO.search(n["text"])]
    if rnd >= 4:
        cond = [n["id"] for n in notes if n["id"] not in taken and CONCEPT.search(n["text"])]
    else:
        cond = [n["id"] for n in notes if n["id"] not in taken and (s1.CARDIO in n["specialties"] or s1.CONDITION_OTHER & set(n["specialties"]))]
    rng.shuffle(tob)
    rng.shuffle(cond)
    smoking = sorted([i for i in tob if not near_dev(i)][:N_SMOKING], key=lambda x: int(x[4:]))
    conditions = sorted([i for i in cond if i not in smoking and not near_dev(i)][:N_COND], key=lambda x: int(x[4:]))
    out = {"seed": SEED, "smoking": smoking, "conditions": conditions, "split": {i: "train" for i in smoking + conditions}}
    (here / f"testdata/real/sample-{rnd}.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"round {rnd}: {len(smoking)} smoking notes, {len(conditions)} condition notes, all train")


if __name__ == "__main__":
    main()
