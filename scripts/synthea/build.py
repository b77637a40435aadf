#!/usr/bin/env python3
"""Build testdata/synthea/ from the bundles scripts/synthea/generate.sh wrote.

Synthea writes each encounter's clinical note from one template (templates/notes/note.ftl in
its jar): the patient's active conditions ("Patient has a history of ..."), the encounter's
new ones ("Patient is presenting with ..."), procedures, medications and care plans, every
one by its SNOMED CT name, lower-cased, often with the semantic tag ("essential hypertension
(disorder)"). The gold is read off those lists by the table below, under
../shared/LABELLING.md's conventions; nothing is inferred from drugs. Writes:
  testdata/synthea/conditions.jsonl  one note per distinct set of cardiology items, plus one per
                                     distinct set of items that look like a concept or a cue and
                                     are not (prediabetes, "risk activity involvement", ...)
  testdata/synthea/smoking.xml       i2b2 XML: one note per social-history wording x age relation
Usage: scripts/synthea/build.py [OUT_DIR]   (default build/synthea-out)
"""
import base64, collections, glob, json, re, sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
CONCEPTS = {l.split("\t")[0]: l.split("\t")[1] for l in open(ROOT / "fhir/codes/conditions.tsv") if l[0].isdigit()}

# Synthea names -> concept (asserted). Accepted equivalents as LABELLING.md reads them:
# dialysis and ESRD are chronic kidney disease; bypass grafting and ischemic heart disease are
# coronary artery disease; diabetes named in a complication ("... due to type 2 diabetes
# mellitus", "disorder of kidney due to diabetes mellitus") is the diabetes; a care plan or
# education for a condition is the patient's condition; hypertriglyceridemia is a
# hyperlipidemia (SNOMED CT).
TABLE = [
    ("709044004", r"chronic kidney disease|end-stage renal disease|renal dialysis|hemodialysis|dialysis care plan"),
    ("22298006", r"myocardial infarction"),
    ("59282003", r"pulmonary embolism"),
    ("84114007", r"heart failure"),
    ("44054006", r"(?<!pre)diabetes mellitus|diabetes self management|diabetic"),
    ("38341003", r"(?<!pulmonary )hypertension"),
    ("53741008", r"coronary artery bypass|ischemic heart disease|coronary heart disease|coronary arteriosclerosis|coronary artery disease"),
    ("55822004", r"hyperlipidemia|hypertriglyceridemia|hypercholesterolemia"),
    ("48724000", r"mitral valve regurgitation"),
    ("60573004", r"aortic valve stenosis"),
    ("49436004", r"atrial fibrillation"),
    ("5370000", r"atrial flutter"),
    ("230690007", r"\bstroke|cerebrovascular accident|cerebral infarction"),
    ("85898001", r"cardiomyopathy"),
    ("233917008", r"heart block|atrioventricular block"),
]
# items that name a concept without asserting it (a screening, a suspicion)
NOT_ASSERTED = re.compile(r"screening|suspected")
# items that look like a concept or a cue and are not: notes with these are kept too
TRAPS = re.compile(r"prediabetes|suspected|\brisk|\bnot in|preinfarction|pulmonic|tricuspid|aortic valve regurgitation|mitral valve stenosis|injury of (heart|kidney)|"
                   r"renal transplant|transplantation of kidney|transplant failure|screening test for diabetes|abnormal findings diagnostic imaging heart|"
                   r"cardiac|cardiopulmonary|fetal heart|percutaneous coronary|angiography of coronary|electrocardiograph|echocardiograph|cardioversion|ablation|valve replacement|valve repair")
SKIP_SECTIONS = {"med", "rx", "cc"}  # drugs and complaints say nothing of a concept


def die(msg):
    sys.exit("build.py: " + msg)


def notes(out):
    files = sorted(glob.glob(str(Path(out) / "fhir" / "*.json")))
    if not files:
        die(f"no bundles in {out}/fhir: run scripts/synthea/generate.sh first")
    for f in files:
        for e in json.load(open(f, encoding="utf-8"))["entry"]:
            r = e["resource"]
            if r["resourceType"] == "DocumentReference":
                yield r["id"], base64.b64decode(r["content"][0]["attachment"]["data"]).decode("utf-8")


def items(t):
    """(section, item) of the template's lists."""
    out = []
    m = re.search(r"# Chief Complaint\n(.*?)\n\n#", t, re.S)
    if m:
        out += [("cc", l[2:]) for l in m.group(1).splitlines() if l.startswith("- ")]
    m = re.search(r"Patient has a history of (.*?)\.\n", t)
    if m:
        out += [("hist", x) for x in m.group(1).split(", ")]
    for m in re.finditer(r"Patient is presenting with (.*?)\. ", t):
        out += [("pres", x) for x in m.group(1).split(", ")]
    m = re.search(r"# Medications\n(.*?)\n", t)
    if m:
        out += [("med", x) for x in m.group(1).split("; ")]
    for hdr, tag in (("The following procedures were conducted:\n", "proc"), ("The patient was prescribed the following medications:\n", "rx"), ("The patient was placed on a careplan:\n", "care")):
        i = t.find(hdr)
        if i >= 0:
            for l in t[i + len(hdr):].splitlines():
                if not l.startswith("- "):
                    break
                out.append((tag, l[2:]))
    return out


def gold(its):
    g = {}
    for sec, x in its:
        if sec in SKIP_SECTIONS:
            continue
        for code, rx in TABLE:
            if re.search(rx, x):
                g[code] = g.get(code, False) or not NOT_ASSERTED.search(x)
    return g


def smoking(t):
    """(status, relation) by LABELLING.md, or None for a note Synthea contradicts itself in."""
    m = re.search(r" is a (\d+) year-old", t)
    age = int(m.group(1)) if m else None
    sh = t[t.index("# Social History"):t.index("# Allergies")]
    if "active smoker" in sh:
        return "CURRENT SMOKER", "active"
    m = re.search(r"quit smoking at age (\d+)", sh)
    if m:
        q = int(m.group(1))
        if age is None or age < q:
            return None  # Synthea prints a quit age the patient has not reached yet
        if "smokes tobacco daily" in t:
            return None  # and a smoking finding at the encounter beside a quit age
        d = age - q
        return ("CURRENT SMOKER" if d < 1 else "PAST SMOKER"), ("quit this year" if d < 1 else "quit a year ago" if d == 1 else "quit 2-5 years ago" if d <= 5 else "quit long ago")
    if "never smoked" in sh:
        return (None if "smokes tobacco daily" in t else ("NON-SMOKER", "never"))
    return "UNKNOWN", "none"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build/synthea-out")
    cond, cond_keys, smk, smk_keys = [], set(), [], set()
    n = 0
    for did, t in notes(out):
        n += 1
        its = items(t)
        cardio = tuple(sorted({(s, x) for s, x in its if s not in SKIP_SECTIONS and any(re.search(rx, x) for _, rx in TABLE)}))
        traps = tuple(sorted({(s, x) for s, x in its if s not in SKIP_SECTIONS and TRAPS.search(x)}))
        key = ("c", cardio) if cardio else ("t", traps) if traps else None
        if key and key not in cond_keys:
            cond_keys.add(key)
            g = gold(its)
            cond.append({"id": "synthea-" + did, "lang": "en", "text": t,
                         "conditions": [{"code": c, "display": CONCEPTS[c], "asserted": a} for c, a in sorted(g.items())]})
        s = smoking(t)
        if s:
            sh = re.sub(r"\d+", "N", t[t.index("# Social History"):t.index("# Allergies")])
            k = (s, tuple(re.sub(r"Patient (is married|is single)\.|Patient comes from[^\n]*|Patient currently has[^\n]*|Patient identifies as[^\n]*|Patient (did not|has|is|has completed)[^.\n]*(school|college|graduate|courses)[^\n]*", "", sh).split()))
            if k not in smk_keys:
                smk_keys.add(k)
                smk.append((did, s[0], t))
    dst = ROOT / "testdata/synthea"
    dst.mkdir(exist_ok=True)
    with open(dst / "conditions.jsonl", "w", encoding="utf-8") as f:
        for r in cond:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(dst / "smoking.xml", "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!-- notecoder Synthea smoking set: see testdata/synthea/README.md -->\n<ROOT>\n')
        for did, st, t in smk:
            f.write(f'<RECORD ID="synthea-{did}">\n<SMOKING STATUS="{st}"></SMOKING>\n<TEXT>\n{escape(t)}\n</TEXT>\n</RECORD>\n')
        f.write("</ROOT>\n")
    counts = collections.Counter(c["code"] for r in cond for c in r["conditions"] if c["asserted"])
    print(f"{n} notes read; conditions.jsonl: {len(cond)} notes ({sum(1 for k in cond_keys if k[0] == 'c')} cardiology item sets, "
          f"{sum(1 for k in cond_keys if k[0] == 't')} look-alike sets), asserted per concept {dict(sorted(counts.items()))}; "
          f"smoking.xml: {len(smk)} notes {dict(collections.Counter(s for _, s, _ in smk))}", file=sys.stderr)


if __name__ == "__main__":
    main()
