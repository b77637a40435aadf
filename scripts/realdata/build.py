#!/usr/bin/env python3
"""Build notecoder's real labelled sets from the labellers' files.

Reads testdata/real/sample.json (which notes, which split) and sample-2.json (a second round
of training notes) and sample-3.json (a third), the corpus, and the labels in
testdata/real/labels/ (first pass: smoking-{1,2,3}.jsonl, conditions-{1..4}.jsonl; later
rounds: smoking-rN-*.jsonl, conditions-rN-*.jsonl; second, independent pass: smoking-second.jsonl,
conditions-second.jsonl). Writes:
  testdata/real/smoking-{train,dev}.xml      i2b2 2006 XML, with <EVIDENCE> quotes
  testdata/real/conditions-{train,dev}.jsonl  notecoder's entity JSONL, spans + per-mention assertion
  testdata/real/agreement.json                Cohen's kappa of the second pass against the first
Every quote must be found in its note; anything that does not check out stops the build.
"""
import argparse, collections, json, re, sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
LABELS = ["CURRENT SMOKER", "PAST SMOKER", "SMOKER", "NON-SMOKER", "UNKNOWN"]
CONCEPTS = {l.split("\t")[0]: l.split("\t")[1] for l in open(ROOT / "fhir/codes/conditions.tsv") if l[0].isdigit()}
ASSERTIONS = {"asserted", "negated", "hypothetical", "family"}


def die(msg):
    sys.exit("build.py: " + msg)


def jsonl(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]


def kappa(pairs, labels):
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    ca, cb = collections.Counter(a for a, _ in pairs), collections.Counter(b for _, b in pairs)
    pe = sum(ca[l] * cb[l] for l in labels) / n / n
    return po, (po - pe) / (1 - pe) if pe < 1 else 1.0


def cp_offsets(text):
    """byte-free: Python str indices are code points, as notecoder's spans are."""
    return text


def locate(text, mention, context, where):
    starts = [m.start() for m in re.finditer(re.escape(context), text)]
    if not starts:
        die(f"{where}: context {context!r} not in the note")
    k = context.find(mention)
    if k < 0:
        die(f"{where}: mention {mention!r} not in its context {context!r}")
    s = starts[0] + k
    return s, s + len(mention)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpora/mtsamples/notes.jsonl"))
    a = ap.parse_args()
    try:
        notes = {n["id"]: n for n in jsonl(a.corpus)}
    except OSError as e:
        die(f"cannot read the corpus ({e}); pass --corpus PATH")
    sample = json.loads((ROOT / "testdata/real/sample.json").read_text())
    split = dict(sample["split"])
    for more in sorted(ROOT.glob("testdata/real/sample-[0-9].json")):  # later rounds: training notes only
        s2 = json.loads(more.read_text())
        for i, part in s2["split"].items():
            if i in split or part != "train":
                die(f"{more.name}: {i} is already sampled or not a training note")
            split[i] = part
        sample["smoking"] = sample["smoking"] + s2["smoking"]
        sample["conditions"] = sample["conditions"] + s2["conditions"]
    lab = ROOT / "testdata/real/labels"

    # --- smoking ---
    first = {}
    for f in sorted(lab.glob("smoking-[0-9].jsonl")) + sorted(lab.glob("smoking-r[0-9]-[0-9].jsonl")):
        for r in jsonl(f):
            first[r["id"]] = r
    if set(first) != set(sample["smoking"]):
        die(f"smoking labels cover {len(first)} notes, the sample {len(sample['smoking'])}: "
            f"missing {sorted(set(sample['smoking']) - set(first))[:5]}")
    out = {"train": [], "dev": []}
    for i in sorted(first, key=lambda x: int(x[4:])):
        r = first[i]
        if r["label"] not in LABELS:
            die(f"{i}: label {r['label']!r}")
        ev = [q.strip() for q in r.get("evidence", "").split(" | ") if q.strip()]
        for q in ev:
            if q not in notes[i]["text"]:
                die(f"{i}: evidence {q!r} not in the note")
        out[split[i]].append((i, r["label"], ev))
    for part, recs in out.items():
        with open(ROOT / f"testdata/real/smoking-{part}.xml", "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!-- notecoder real smoking-status set, '
                    f'{part}: MTSamples reports labelled by the i2b2 2006 rules in ../shared/LABELLING.md; '
                    'see testdata/real/README.md -->\n<ROOT>\n')
            for i, l, ev in recs:
                f.write(f'<RECORD ID="{i}">\n<SMOKING STATUS="{l}"></SMOKING>\n')
                for q in ev:
                    f.write(f"<EVIDENCE>{escape(q)}</EVIDENCE>\n")
                f.write(f"<TEXT>\n{escape(notes[i]['text'])}\n</TEXT>\n</RECORD>\n")
            f.write("</ROOT>\n")
    second = {r["id"]: r for r in jsonl(lab / "smoking-second.jsonl")}
    po, k = kappa([(first[i]["label"], second[i]["label"]) for i in second], LABELS)
    agreement = {"smoking": {"notes": len(second), "observed_agreement": round(po, 4), "cohens_kappa": round(k, 4),
                             "second_pass_labels": collections.Counter(r["label"] for r in second.values())}}

    # --- conditions ---
    def conditions_of(path_glob):
        got = {}
        for f in sorted(lab.glob(path_glob)):
            for r in jsonl(f):
                got[r["id"]] = r
        return got

    cfirst = {**conditions_of("conditions-[0-9].jsonl"), **conditions_of("conditions-r[0-9]-[0-9].jsonl")}
    if set(cfirst) != set(sample["conditions"]):
        die(f"condition labels cover {len(cfirst)} notes, the sample {len(sample['conditions'])}")
    cout = {"train": [], "dev": []}
    for i in sorted(cfirst, key=lambda x: int(x[4:])):
        r, text = cfirst[i], notes[i]["text"]
        conds = []
        for c in r["conditions"]:
            if c["code"] not in CONCEPTS:
                die(f"{i}: code {c['code']} is not in fhir/codes/conditions.tsv")
            mentions = []
            for m in c["mentions"]:
                if m["assertion"] not in ASSERTIONS:
                    die(f"{i}: assertion {m['assertion']!r}")
                s, e = locate(text, m["text"], m["context"], i)
                mentions.append({"start": s, "end": e, "assertion": m["assertion"]})
            asserted = any(m["assertion"] == "asserted" for m in mentions)
            if asserted != c["asserted"]:
                die(f"{i} {c['code']}: asserted {c['asserted']} but mentions say {asserted}")
            mentions.sort(key=lambda m: m["start"])
            conds.append({"code": c["code"], "display": CONCEPTS[c["code"]], "asserted": asserted,
                          "spans": [{"start": m["start"], "end": m["end"]} for m in mentions],
                          "mentions": mentions})
        lvef = r.get("lvef")
        if lvef is not None and r.get("lvef_evidence", "") not in text:
            die(f"{i}: lvef_evidence not in the note")
        cout[split[i]].append({"id": i, "lang": "en", "text": text, "conditions": conds, "lvef": lvef})
    for part, recs in cout.items():
        with open(ROOT / f"testdata/real/conditions-{part}.jsonl", "w", encoding="utf-8") as f:
            for rec in recs:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    csec = conditions_of("conditions-second.jsonl")
    if csec:
        pairs, lv = [], []
        for i, r in csec.items():
            a = {c["code"] for c in cfirst[i]["conditions"] if c["asserted"]}
            b = {c["code"] for c in r["conditions"] if c["asserted"]}
            pairs += [(code in a, code in b) for code in CONCEPTS]
            la, lb = cfirst[i].get("lvef"), r.get("lvef")
            lv.append((la is None and lb is None) or (la is not None and lb is not None and abs(la - lb) <= 2.5))
        po, k = kappa(pairs, [True, False])
        agreement["conditions"] = {"notes": len(csec), "decisions": len(pairs),
                                   "unit": "note x concept: asserted or not",
                                   "observed_agreement": round(po, 4), "cohens_kappa": round(k, 4),
                                   "lvef_agreement": round(sum(lv) / len(lv), 4)}
    (ROOT / "testdata/real/agreement.json").write_text(json.dumps(agreement, indent=1) + "\n")
    print(f"smoking train {len(out['train'])} dev {len(out['dev'])}; conditions train {len(cout['train'])} dev {len(cout['dev'])}")
    print(json.dumps(agreement))


if __name__ == "__main__":
    main()
