#!/usr/bin/env python3
"""Draw the notes of notecoder's real labelled sets from ../shared/corpora/mtsamples.

Reproducible (fixed seed, no randomness elsewhere); writes testdata/real/sample.json with the
chosen ids per task, the near-duplicate clusters and the train/dev split. How and why:

- Smoking status (i2b2 2006): notes that mention tobacco in any way are over-sampled
  (the task is about them); the rest come from the specialties that carry a social history.
- Conditions and LVEF: mostly Cardiovascular / Pulmonary, consults, discharge summaries,
  general medicine, progress notes and ER reports.
- Template near-duplicates (MTSamples has many: the same dictation template reused with other
  values) are joined into clusters when their word-trigram Jaccard similarity is >= 0.12 (pairs
  such as "Consult - Syncope" / "Consult - Atrial Fibrillation - 1" by the same author score
  0.13-0.37) or when their sample names differ only in a " - N" suffix; the split into
  train and dev is drawn by cluster, so a template never sits on both sides.

Usage: scripts/realdata/sample.py [--corpus PATH] [--out PATH]
"""
import argparse, json, random, re, sys
from pathlib import Path

TOBACCO = re.compile(r"smok|tobacco|cigar|nicotine|pack[- ]?year|\bppd\b|chew|snuff|\bdip\b|\btob\b|vap(e|ing)", re.I)
SOCIAL = {"Consult - History and Phy.", "General Medicine", "Discharge Summary", "SOAP / Chart / Progress Notes",
          "Emergency Room Reports", "Cardiovascular / Pulmonary", "Office Notes", "Nephrology", "Neurology",
          "Hematology - Oncology", "Gastroenterology", "Psychiatry / Psychology", "Pain Management"}
CARDIO = "Cardiovascular / Pulmonary"
CONDITION_OTHER = {"Consult - History and Phy.", "Discharge Summary", "General Medicine",
                   "SOAP / Chart / Progress Notes", "Emergency Room Reports", "Nephrology", "Office Notes"}

SEED = 20261202
N_SMOKING_TOBACCO, N_SMOKING_OTHER = 250, 90
N_COND_CARDIO, N_COND_OTHER = 130, 110
DEV_SHARE = 0.3
JACCARD = 0.12


def shingles(text):
    w = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(w[i:i + 3]) for i in range(max(0, len(w) - 2))}


def sample_name(note):
    """A note's sample name without its " - N" suffix: template variants share it."""
    return re.sub(r"\s*-\s*\d+\s*$", "", note["sample_name"]).strip().lower()


def near_duplicate_of(notes, ids):
    """A predicate: is a note a template near-duplicate of one of ids (the same sample name up
    to " - N", or word-trigram Jaccard >= JACCARD)? check_set.py and unlabelled.py use it."""
    sh = [shingles(notes[i]["text"]) for i in ids]
    names = {sample_name(notes[i]) for i in ids}

    def near(i):
        if sample_name(notes[i]) in names:
            return True
        s = shingles(notes[i]["text"])
        return any(s and d and len(s & d) / len(s | d) >= JACCARD for d in sh)

    return near


def clusters(ids, sh, names):
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ids = sorted(ids)
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            x, y = sh[ids[a]], sh[ids[b]]
            if not x or not y:
                continue
            j = len(x & y) / len(x | y)
            if j >= JACCARD or names[ids[a]] == names[ids[b]]:
                parent[find(ids[a])] = find(ids[b])
    out = {}
    for i in ids:
        out.setdefault(find(i), []).append(i)
    return sorted((sorted(c) for c in out.values()), key=lambda c: c[0])


def main():
    here = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(here.parent / "shared/corpora/mtsamples/notes.jsonl"))
    ap.add_argument("--out", default=str(here / "testdata/real/sample.json"))
    a = ap.parse_args()
    try:
        notes = [json.loads(l) for l in open(a.corpus, encoding="utf-8")]
    except OSError as e:
        sys.exit(f"sample.py: cannot read the corpus ({e}); pass --corpus PATH to ../shared/corpora/mtsamples/notes.jsonl")
    by = {n["id"]: n for n in notes}
    rng = random.Random(SEED)
    tob = sorted(n["id"] for n in notes if TOBACCO.search(n["text"]))
    other = sorted(n["id"] for n in notes if not TOBACCO.search(n["text"]) and SOCIAL & set(n["specialties"]))
    smoking = sorted(rng.sample(tob, min(N_SMOKING_TOBACCO, len(tob))) + rng.sample(other, N_SMOKING_OTHER))
    cardio = sorted(n["id"] for n in notes if CARDIO in n["specialties"])
    cother = sorted(n["id"] for n in notes if CARDIO not in n["specialties"] and CONDITION_OTHER & set(n["specialties"]))
    cond = sorted(rng.sample(cardio, N_COND_CARDIO) + rng.sample(cother, N_COND_OTHER))

    chosen = sorted(set(smoking) | set(cond))
    sh = {i: shingles(by[i]["text"]) for i in chosen}
    names = {i: re.sub(r"\s*-\s*\d+\s*$", "", by[i]["sample_name"]).strip().lower() for i in chosen}
    cl = clusters(chosen, sh, names)
    rng.shuffle(cl)
    dev, target, total = set(), DEV_SHARE * len(chosen), 0
    for c in cl:  # clusters in random order; dev takes whole clusters until it holds its share
        if total + len(c) <= target:
            dev.update(c)
            total += len(c)
    split = {i: ("dev" if i in dev else "train") for i in chosen}
    out = {
        "corpus": "../shared/corpora/mtsamples/notes.jsonl",
        "seed": SEED,
        "tobacco_pattern": TOBACCO.pattern,
        "jaccard_threshold": JACCARD,
        "smoking": smoking,
        "conditions": cond,
        "split": split,
        "clusters": [c for c in cl if len(c) > 1],
    }
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(out, indent=1) + "\n")
    ns = sum(1 for i in smoking if split[i] == "dev")
    nc = sum(1 for i in cond if split[i] == "dev")
    print(f"smoking {len(smoking)} ({sum(1 for i in smoking if i in set(tob))} mention tobacco), dev {ns}; "
          f"conditions {len(cond)} ({sum(1 for i in cond if i in set(cardio))} cardio/pulmonary), dev {nc}; "
          f"{len([c for c in cl if len(c) > 1])} near-duplicate clusters")


if __name__ == "__main__":
    main()
