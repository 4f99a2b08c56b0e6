"""Trust benchmark: check honest reports of one event against each other and count what
storycheck calls contradicted, supported and flagged. Honest outlets rarely contradict
each other, so every `contradicted` verdict and mismatch flag here is suspect.

    PYTHONPATH=. python benchmarks/trust.py --part tune [--ecb 12] [--allsides 24]
    PYTHONPATH=. python benchmarks/trust.py --part report --audit   # + TSV to read by hand
    PYTHONPATH=. python benchmarks/trust.py --part report --summary-only  # figures from saved records
    PYTHONPATH=. python benchmarks/trust.py --part report --sample 2 --ecb 26 --allsides 60  # a fresh sample
    PYTHONPATH=. python benchmarks/trust.py --part report --doc-offset 4 --ecb 56 --allsides 0  # other articles
    PYTHONPATH=. python benchmarks/trust.py --score benchmarks/trust_audit_after.tsv  # audit precision

Data (../shared/data, read-only):
* ECB+: each topic holds two events (its `ecb` and `ecbplus` documents). Per event, one
  document (first by seeded hash) is checked against the next three.
* AllSides raw crawl: per story, one side's lead (left, centre or right, by seeded hash)
  is checked against the other sides' leads.
* NeuS (``--neus N``, sample E): the AllSides stories of the NeuS release's train/val/test
  files that are not in the raw crawl (``neus_events``); one lead against the other two.
  ``--claims summary`` checks AllSides' neutral summary against the three leads instead,
  ``--claims title`` each outlet's title against the other two leads (sample F); with
  ``--allsides N`` the same for the raw crawl's stories (roundup summary, ``newsTitle``;
  sample G).
* MRPC test (``--mrpc N``, sample H; ``--mrpc-split train``: sample I, flags only): the Microsoft Research Paraphrase Corpus's test pairs
  (1,725 sentence pairs from different outlets' reports of one news story, never used in
  training or in any sample above): sentence 1 is checked against sentence 2. Pairs
  labelled paraphrases must not be contradicted; pairs that are not differ in a detail, so
  they show whether a mismatch flag compares like with like. The gold label goes into the
  record (``gold``) and the summary counts verdicts by it.
* STS-B news headlines (``--stsb N``, sample J, flags only): pairs scored 3 or more, one
  outlet's headline against another's (``stsb_events``).
* FNC-1 competition test (``--fnc N``, sample K): a headline against another outlet's article
  body on the same claim, stance agree / discuss / disagree as the gold label; a body that
  disagrees disputes the headline, so those are where `contradicted` is right.
* FNC-1 test bodies (``--fnc-bodies N``, sample L): whole articles of other outlets on one story
  (the bodies of one headline), one against up to three others (``fnc_body_events``).
Events are hashed into TUNE (40%) and REPORT (60%) with seed 13; `--ecb`/`--allsides`
take the first N events of the part in hash order (a seeded sample). Tune on TUNE; REPORT
is for figures only (BENCHMARKS.md says how many times it was looked at).

Records go to benchmarks/out/trust/<part>[-<tag>].jsonl (gitignored: they hold news text).
`--audit` writes benchmarks/out/trust/audit-<part>[-<tag>].tsv: a seeded sample of
`contradicted` and `supported` sentences and every mismatch flag, with the claim, the
lead evidence and empty `label`/`cause` columns to fill in by reading. Keep only ids and
labels in the repo (`--keep-labels` writes them to benchmarks/).

STORYCHECK_SRC=/path/to/checkout runs another checkout's storycheck (a "before" figure).
Time per check is written to the records but not printed as a figure (shared machine).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("STORYCHECK_SRC", str(ROOT)))
sys.path.insert(1, str(ROOT / "benchmarks"))
sys.path.insert(2, str(ROOT))

import xml.etree.ElementTree as ET  # noqa: E402

from _data import DATA, ECB, rejoin_token_splits  # noqa: E402

# storycheck first, from STORYCHECK_SRC: training.build_newslm puts this checkout first on
# sys.path and imports storycheck, which made every "before" run check with this code
import storycheck  # noqa: E402, F401
from training.build_newslm import _detok  # noqa: E402

OUT = ROOT / "benchmarks" / "out" / "trust"
SEED = 13
MISMATCH = ("number_mismatch", "date_mismatch", "name_mismatch", "negation")


def h(key: str) -> int:
    return int(hashlib.sha1(f"{SEED}:{key}".encode()).hexdigest()[:12], 16)


def part_of(event: str) -> str:
    return "tune" if h(event) % 100 < 40 else "report"


def ecb_lines(path: Path) -> list[str]:
    """One ECB+ document's corpus sentences, detokenised (the n-gram builder's rules)."""
    sents: dict[int, list[str]] = {}
    for tok in ET.parse(path).getroot().iter("token"):
        sents.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
    # "24 , 000" is one number: the tokeniser split it
    return [
        rejoin_token_splits(re.sub(r"(\d), (\d{3})\b", r"\1,\2", _detok(t)))
        for _, t in sorted(sents.items())
        if t
    ]


def ecb_events(doc_offset: int = 0) -> list[dict]:
    """One check per ECB+ event: an article and up to three other reports of it.
    ``doc_offset`` 4 skips the four documents earlier samples used (a fresh sample of the
    same events: another article against other reports)."""
    out = []
    for topic in sorted((p for p in ECB.iterdir() if p.name.isdigit()), key=lambda p: int(p.name)):
        for kind in ("ecb", "ecbplus"):
            files = [f for f in topic.glob(f"*_*{kind}.xml") if f.name.endswith(f"{kind}.xml")]
            files = [f for f in files if (kind == "ecbplus") == f.name.endswith("ecbplus.xml")]
            files.sort(key=lambda f: h(f.name))
            files = files[doc_offset:]
            if len(files) < 2:
                continue
            texts = []
            for f in files[:4]:
                lines = [s for s in ecb_lines(f) if "http" not in s and "www." not in s]
                texts.append((f.stem, "\n".join(lines)))
            event = f"ecb:{topic.name}{kind}"
            out.append({"event": event, "article": texts[0], "refs": texts[1:]})
    return out


def allsides_events(side_offset: int = 0) -> list[dict]:
    """Per story, one side's lead against the others; ``side_offset`` 1 makes the next side
    (by hash) the article: a fresh sample of the same stories."""
    path = DATA / "events/neus_allsides/data/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sides = []
        for side, art in sorted((row.get("news") or {}).items()):
            body = [p.strip() for p in art.get("newBody") or [] if p and p.strip()]
            if body:
                sides.append((f"{side}:{art.get('newsSource', '')}", "\n\n".join(body)))
        if len(sides) < 2:
            continue
        event = f"allsides:{row['id']}"
        sides.sort(key=lambda s: h(event + s[0]))
        if side_offset >= len(sides):
            continue  # every side of this story was the article in an earlier sample
        sides = sides[side_offset:] + sides[:side_offset]
        out.append({"event": event, "article": sides[0], "refs": sides[1:]})
    return out


def allsides_stories() -> list[dict]:
    """The raw crawl's stories as ``story_checks`` takes them: each side's title and lead
    (paragraphs joined as ``allsides_events`` joins them) and AllSides' neutral summary (the
    first paragraph of ``roundup``; the next ones say how outlets covered the story)."""
    path = DATA / "events/neus_allsides/data/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl"
    return [raw_story(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]


def raw_story(row: dict) -> dict:
    """One raw-crawl row as a story (sides in name order, as ``allsides_events`` reads them)."""
    names, sides = [], []
    for side, art in sorted((row.get("news") or {}).items()):
        body = [p.strip() for p in art.get("newBody") or [] if p and p.strip()]
        names.append(f"{side}:{art.get('newsSource', '')}")
        sides.append(((art.get("newsTitle") or "").strip(), "\n\n".join(body)))
    roundup = [p.strip() for p in row.get("roundup") or [] if p and p.strip()]
    return {
        "event": f"allsides:{row['id']}",
        "names": names,
        "sides": sides,
        "summary": roundup[0] if roundup else "",
    }


NEUS = DATA / "events/neus_allsides/data/naacl2022_lrc_roundup_random_order_probe"
_LEAD = re.compile(r"TITLE=>\s*(.*?)\s*ARTICLE=>\s*(.*)$", re.S)


def _key(text: str, n: int = 40) -> str:
    return re.sub(r"\W+", "", text.lower())[:n]


def parse_probe(source: str, target: str = "") -> dict:
    """One line of a NeuS probe file pair: the outlets' (title, lead) in order, and the
    neutral summary AllSides wrote (the target's ARTICLE part; its TITLE is left out)."""
    parts = [m for m in (_LEAD.match(x.strip()) for x in source.split("[SEP]")) if m]
    m = _LEAD.match(target.strip())
    return {
        "sides": [(t.strip(), lead.strip()) for t, lead in (p.groups() for p in parts)],
        "summary": m.group(2).strip() if m else "",
    }


def neus_stories() -> list[dict]:
    """The NeuS release's stories (train, val and test of the title+lead 'probe' files, 3,066
    stories of three outlets each, in random order, so a source is named by its position)
    that are not in the raw crawl: a story any of whose leads (first 40 letters and digits)
    or titles is also in the raw crawl is left out (420), and so is a repeat within the
    release, so no story the samples above used comes back."""
    raw = DATA / "events/neus_allsides/data/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl"
    seen: set[str] = set()
    for line in raw.read_text(encoding="utf-8").splitlines():
        for art in (json.loads(line).get("news") or {}).values():
            body = " ".join(p.strip() for p in art.get("newBody") or [] if p and p.strip())
            seen |= {_key(x) for x in (body, art.get("newsTitle") or "") if x}
    out = []
    for split in ("train", "val", "test"):
        sources = (NEUS / f"{split}.source").read_text(encoding="utf-8").splitlines()
        targets = (NEUS / f"{split}.target").read_text(encoding="utf-8").splitlines()
        for n, (src, tgt) in enumerate(zip(sources, targets, strict=True)):
            story = parse_probe(src, tgt)
            keys = {_key(x) for side in story["sides"] for x in side if x}
            if len(story["sides"]) < 2 or keys & seen:
                continue
            seen |= keys
            out.append({"event": f"neus:{split}:{n}", **story})
    return out


CLAIMS = ("lead", "summary", "title")


def story_checks(story: dict, claims: str = "lead") -> list[dict]:
    """The checks of one story (NeuS, or the raw crawl's for summary and title claims); the
    references are always outlets' leads.
    * lead (sample E): one lead (by seeded hash) against the other two.
    * summary: AllSides' neutral summary against all the leads (it was written from them).
    * title: each outlet's title against the *other* outlets' leads; against its own lead a
      title is a summary of the text beside it, not another report of the event."""
    event = story["event"]
    # a source is named by its position (NeuS) or by its side and outlet (raw crawl)
    names = story.get("names") or [f"src{k}" for k in range(len(story["sides"]))]
    leads = [(names[k], lead) for k, (_, lead) in enumerate(story["sides"]) if lead]
    if claims == "lead":
        if len(leads) < 2:
            return []
        leads.sort(key=lambda s: h(event + s[0]))
        return [{"event": event, "article": leads[0], "refs": leads[1:]}]
    if claims == "summary":
        if not story["summary"] or not leads:
            return []
        return [{"event": event, "article": ("summary", story["summary"]), "refs": leads}]
    if claims == "title":
        out = []
        for k, (title, _) in enumerate(story["sides"]):
            refs = [s for s in leads if s[0] != names[k]]
            if title and refs:
                out.append({"event": event, "article": (f"title:{names[k]}", title), "refs": refs})
        return out
    raise ValueError(f"claims must be one of {CLAIMS}: {claims!r}")


MRPC = DATA / "paraphrase/mrpc"


def mrpc_events(split: str = "test") -> list[dict]:
    """One check per MRPC pair: sentence 1 against sentence 2 (test: sample H; train:
    sample I, for mismatch flags only, as the judge was trained on these pairs)."""
    with (MRPC / f"msr_paraphrase_{split}.txt").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    prefix = "mrpc" if split == "test" else f"mrpc{split}"
    return [
        {
            "event": f"{prefix}:{r['#1 ID']}-{r['#2 ID']}",
            "article": ("mrpc1", r["#1 String"]),
            "refs": [("mrpc2", r["#2 String"])],
            "gold": "paraphrase" if r["Quality"] == "1" else "not paraphrase",
        }
        for r in rows
    ]


STSB = DATA / "paraphrase/stsb"


def stsb_events(min_score: float = 3.0) -> list[dict]:
    """One check per STS-B news-headline pair scored ``min_score`` or more (3: "roughly
    equivalent", so one event; sample J): headline 1 against headline 2. All three splits;
    flags only (the judge was trained on the train split's pairs scored 4.5 or more). The
    MSRpar pairs are MRPC's (samples H and I) and deft-news is lower-cased: both left out."""
    out = []
    for split in ("train", "dev", "test"):
        for n, line in enumerate((STSB / f"sts-{split}.tsv").read_text(encoding="utf-8").splitlines()):
            f = line.split("\t")
            if len(f) < 7 or f[:2] != ["main-news", "headlines"] or float(f[4]) < min_score:
                continue
            out.append({
                "event": f"stsb:{split}:{n}",
                "article": ("stsb1", f[5].strip()),
                "refs": [("stsb2", f[6].strip())],
                "gold": f"score {float(f[4]):.0f}",
            })  # fmt: skip
    return out


FNC = DATA / "stance/fnc1_arc/data/fnc-1/corpora/FNC"


def fnc_pairs() -> list[tuple[dict, str]]:
    """FNC-1's competition-test (stance row, body) pairs whose stance is agree, discuss or
    disagree. Bodies also in FNC's train files (the judge trained on those) are left out."""
    train = {r["articleBody"] for r in csv.DictReader((FNC / "train_bodies.csv").open(encoding="utf-8"))}
    bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader((FNC / "competition_test_bodies.csv").open(encoding="utf-8"))}  # fmt: skip
    out = []
    for r in csv.DictReader((FNC / "competition_test_stances.csv").open(encoding="utf-8")):
        body = bodies.get(r["Body ID"], "")
        if r["Stance"] != "unrelated" and body and body not in train:
            out.append((r, body))
    return out


def fnc_events() -> list[dict]:
    """One check per related FNC-1 test pair (``fnc_pairs``; sample K): a headline against
    another outlet's article body about the same claim."""
    out = []
    for r, body in fnc_pairs():
        out.append({
            "event": f"fnc:{r['Body ID']}:{hashlib.sha1(r['Headline'].encode()).hexdigest()[:8]}",
            "article": ("headline", r["Headline"].strip()),
            "refs": [(f"body{r['Body ID']}", body)],
            "gold": r["Stance"],
        })  # fmt: skip
    return out


def fnc_body_events() -> list[dict]:
    """Article against articles (sample L): per FNC-1 competition-test headline, the bodies
    that agree with it, discuss it or dispute it are other outlets' articles on one story.
    One body (first by hash) is checked against up to three others; a body is the article
    of one check at most (pairs as ``fnc_pairs`` gives them)."""
    related: dict[str, list[str]] = {}
    bodies: dict[str, str] = {}
    for r, body in fnc_pairs():
        related.setdefault(r["Headline"].strip(), []).append(r["Body ID"])
        bodies[r["Body ID"]] = body
    out, used = [], set()
    for headline in sorted(related, key=lambda x: h("fncL" + x)):
        ids = sorted(dict.fromkeys(related[headline]), key=lambda x: h("fncL" + x))
        ids = [i for i in ids if i not in used][:4]
        if len(ids) < 2:
            continue
        used.add(ids[0])
        out.append({
            "event": f"fncL:{hashlib.sha1(headline.encode()).hexdigest()[:10]}",
            "article": (f"body{ids[0]}", bodies[ids[0]]),
            "refs": [(f"body{i}", bodies[i]) for i in ids[1:]],
        })  # fmt: skip
    return out


def neus_events(claims: str = "lead") -> list[dict]:
    """The checks of every NeuS story not in the raw crawl (``story_checks``)."""
    return [c for story in neus_stories() for c in story_checks(story, claims)]


def events(
    part: str,
    n_ecb: int,
    n_allsides: int,
    sample: int = 1,
    doc_offset: int = 0,
    side_offset: int = 0,
    n_neus: int = 0,
    claims: str = "lead",
    n_mrpc: int = 0,
    mrpc_split: str = "test",
    n_stsb: int = 0,
    n_fnc: int = 0,
    n_fnc_bodies: int = 0,
) -> list[dict]:
    """The first N events of each corpus in hash order; ``sample`` 2 takes the next N (a
    fresh sample of the same part, for re-auditing after a change). ``claims`` says what
    of a NeuS story is checked (``story_checks``)."""
    chosen = []
    if claims == "lead":
        raw = allsides_events(side_offset)
    else:  # the raw crawl's neutral summaries or titles (sample G)
        raw = [c for story in allsides_stories() for c in story_checks(story, claims)] if n_allsides else []
    corpora = [(ecb_events(doc_offset), n_ecb), (raw, n_allsides)]
    if n_neus:
        corpora.append((neus_events(claims), n_neus))
    if n_mrpc:
        corpora.append((mrpc_events(mrpc_split), n_mrpc))
    if n_stsb:
        corpora.append((stsb_events(), n_stsb))
    if n_fnc:
        corpora.append((fnc_events(), n_fnc))
    if n_fnc_bodies:
        corpora.append((fnc_body_events(), n_fnc_bodies))
    for evs, n in corpora:
        chosen += first_events(evs, part, n, sample)
    return chosen


def first_events(checks: list[dict], part: str, n: int, sample: int = 1) -> list[dict]:
    """The checks of events (sample-1)*N .. sample*N of the part in hash order: N counts
    events, not checks (a NeuS story gives three title checks)."""
    checks = [c for c in checks if part == "all" or part_of(c["event"]) == part]
    order = sorted(dict.fromkeys(c["event"] for c in checks), key=h)
    keep = set(order[(sample - 1) * n : sample * n])
    # stable: the checks of one event stay in their order
    return sorted((c for c in checks if c["event"] in keep), key=lambda c: h(c["event"]))


def run(evs: list[dict], path: Path) -> None:
    from storycheck import Engine, check

    engine = Engine.default()
    OUT.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for n, ev in enumerate(evs):
            name, text = ev["article"]
            refs = [_doc(t, nm) for nm, t in ev["refs"]]
            t0, w0 = time.process_time(), time.perf_counter()
            rep = check(_doc(text, name), refs, engine=engine)
            cpu, wall = time.process_time() - t0, time.perf_counter() - w0
            for r in rep.sentences:
                ev_text = r.evidence[0].text if r.evidence else ""
                rec = {
                    "id": f"{ev['event']}|{name}|{r.sentence.index}",
                    "event": ev["event"],
                    "claim": r.sentence.text,
                    "verdict": r.verdict,
                    "support": round(r.support, 3),
                    "contradiction": round(r.contradiction, 3),
                    "evidence": ev_text,
                    "evidence_source": refs[r.evidence[0].source].name if r.evidence else "",
                    **({"gold": ev["gold"]} if "gold" in ev else {}),
                    "flags": [{"kind": f.kind, "text": f.text, "message": f.message} for f in r.flags],
                    "cpu_s": round(cpu, 2),
                    "wall_s": round(wall, 2),
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            fh.flush()
            print(f"[{n + 1}/{len(evs)}] {ev['event']}: {len(rep.sentences)} sentences", file=sys.stderr)


def _doc(text: str, name: str):  # noqa: ANN202
    from storycheck.types import Document

    return Document(text, name)


def summary(records: list[dict]) -> dict:
    from storycheck.pipeline import is_fragment

    n = len(records)
    verdicts = Counter(r["verdict"] for r in records)
    flags = Counter(f["kind"] for r in records for f in r["flags"])
    mism = sum(v for k, v in flags.items() if k in MISMATCH)
    by_corpus = Counter(r["event"].split(":")[0] for r in records)
    return {
        "sentences": n,
        "events": len({r["event"] for r in records}),
        "by_corpus": dict(by_corpus),
        "verdict_share": {
            v: round(100 * verdicts[v] / n, 1) for v in ("supported", "contradicted", "unverified")
        },
        # never judged: no lower-case content word (a Title Case headline, a credit) or < 2 words
        "fragment_share": round(100 * sum(is_fragment(r["claim"]) for r in records) / n, 1),
        "contradicted_per_100": round(100 * verdicts["contradicted"] / n, 2),
        "mismatch_flags_per_100": round(100 * mism / n, 2),
        "flags_per_100_by_kind": {k: round(100 * v / n, 2) for k, v in sorted(flags.items())},
        # per check (one article against its references); a figure only on an idle machine
        "check_s_median": _median_per_check(records, "wall_s"),
        "check_cpu_s_median": _median_per_check(records, "cpu_s"),
        # MRPC (sample H): verdicts by the pair's gold label
        **({"verdicts_by_gold": _by_gold(records)} if any("gold" in r for r in records) else {}),
    }


def _by_gold(records: list[dict]) -> dict:
    out: dict[str, dict] = {}
    for gold in sorted({r["gold"] for r in records if "gold" in r}):
        sel = [r for r in records if r.get("gold") == gold]
        v = Counter(r["verdict"] for r in sel)
        flags = sum(f["kind"] in MISMATCH for r in sel for f in r["flags"])
        out[gold] = {
            "sentences": len(sel),
            **{k: v[k] for k in ("supported", "contradicted", "unverified")},
            "mismatch_flags": flags,
        }
    return out


def _median_per_check(records: list[dict], key: str) -> float | None:
    per = {r["id"].rsplit("|", 1)[0]: r.get(key) for r in records}
    vals = sorted(v for v in per.values() if v is not None)
    return vals[len(vals) // 2] if vals else None


def audit(records: list[dict], path: Path, n_con: int, n_sup: int) -> None:
    """Seeded sample to read: contradicted, supported, and every mismatch flag."""
    rows = []
    by = lambda v: sorted((r for r in records if r["verdict"] == v), key=lambda r: h("audit" + r["id"]))  # noqa: E731

    def all_flags(r: dict) -> str:
        return " ; ".join(f"{f['kind']}: {f['message']}" for f in r["flags"])

    for r in by("contradicted")[:n_con]:
        rows.append(("contradicted", r, all_flags(r)))
    for r in by("supported")[:n_sup]:
        rows.append(("supported", r, all_flags(r)))
    for r in records:
        for f in r["flags"]:
            if f["kind"] in MISMATCH:
                rows.append((f["kind"], r, f"{f['text']} | {f['message']}"))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["id", "item", "label", "cause", "verdict", "s", "c", "claim", "evidence", "flag"])
        for item, r, flag in rows:
            w.writerow([r["id"], item, "", "", r["verdict"], r["support"], r["contradiction"],
                        _one(r["claim"]), _one(r["evidence"]), _one(flag)])  # fmt: skip
    print(f"audit: {len(rows)} rows -> {path}", file=sys.stderr)


def against(labels_path: Path, records: list[dict]) -> None:
    """The mismatch flags of ``records`` against the labels of an earlier audit of the same
    checks: by label, how many are still raised and how many are gone; new ones listed (to
    read). A flag is matched by sentence id and kind."""
    labels = {(r["id"], r["item"]): r["label"] for r in csv.DictReader(labels_path.open(encoding="utf-8"), delimiter="\t")
              if r["item"] in MISMATCH}  # fmt: skip
    now = {(r["id"], f["kind"]): (r, f) for r in records for f in r["flags"] if f["kind"] in MISMATCH}
    kept = Counter(labels[k] for k in labels if k in now)
    gone = Counter(labels[k] for k in labels if k not in now)
    print(f"kept: {dict(kept)}  gone: {dict(gone)}")
    for k, (r, f) in now.items():
        if k not in labels:
            print(f"new: {k[0]} {f['kind']}: {f['message']}\n    {_one(r['claim'])[:200]}")


def changed(before: list[dict], after: list[dict]) -> None:
    """Every row of ``after`` whose verdict or mismatch flags differ from ``before`` (by id)."""
    old = {r["id"]: r for r in before}
    n = 0
    for r in after:
        b = old.get(r["id"])
        said = lambda x: [f["message"] for f in x["flags"] if f["kind"] in MISMATCH]  # noqa: E731
        if b is None or (b["verdict"], said(b)) != (r["verdict"], said(r)):
            n += 1
            print(f"{r['id']}: {b and b['verdict']} {b and said(b)} -> {r['verdict']} {said(r)}")
            print(f"    {_one(r['claim'])[:200]}")
    print(f"{n} of {len(after)} rechecked rows changed")


def _one(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def score(path: Path) -> None:
    """Precision per audited item kind from a labelled audit file (id, item, label, cause)."""
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    kinds = sorted({r["item"] for r in rows})
    for k in kinds + ["mismatch (all kinds)"]:
        sel = [r for r in rows if r["item"] == k or (k.startswith("mismatch") and r["item"] in MISMATCH)]
        labels = Counter(r["label"] for r in sel)
        judged = labels["real"] + labels["false"]
        prec = f"{100 * labels['real'] / judged:.0f}%" if judged else "-"
        print(f"{k:22} n={len(sel):3}  real={labels['real']:3} false={labels['false']:3} "
              f"unclear={labels['unclear']:3}  precision(real/(real+false))={prec}")  # fmt: skip
    causes = Counter((r["item"], r["cause"]) for r in rows if r["label"] == "false")
    for (item, cause), v in causes.most_common():
        print(f"  false {item}: {cause} x{v}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("tune", "report", "all"), default="tune")
    ap.add_argument("--ecb", type=int, default=30, help="ECB+ events (first N of the part by hash)")
    ap.add_argument("--allsides", type=int, default=60, help="AllSides stories (first N of the part by hash)")
    ap.add_argument(
        "--neus",
        type=int,
        default=0,
        help="NeuS stories not in the raw crawl (first N of the part by hash; sample E)",
    )
    ap.add_argument("--mrpc", type=int, default=0, help="MRPC pairs (first N of the part by hash; sample H)")
    ap.add_argument(
        "--stsb", type=int, default=0, help="STS-B news-headline pairs scored 3+ (sample J, flags only)"
    )
    ap.add_argument(
        "--fnc",
        type=int,
        default=0,
        help="FNC-1 test headline/body pairs, agree, discuss or disagree (sample K)",
    )
    ap.add_argument(
        "--fnc-bodies",
        type=int,
        default=0,
        help="FNC-1 test bodies on one story, one against up to three (sample L)",
    )
    ap.add_argument(
        "--mrpc-split",
        choices=("test", "train"),
        default="test",
        help="train: sample I, for mismatch flags only (the judge was trained on these pairs)",
    )
    ap.add_argument(
        "--claims",
        choices=CLAIMS,
        default="lead",
        help="NeuS and raw crawl: what is checked against the outlets' leads: one lead (E), "
        "AllSides' neutral summary, or each outlet's title against the other outlets' leads (F, G)",
    )
    ap.add_argument("--sample", type=int, default=1, help="2: the next N events of the part (a fresh sample)")
    ap.add_argument(
        "--doc-offset",
        type=int,
        default=0,
        help="ECB+: skip the first N documents of each event (4: ones no earlier sample used)",
    )
    ap.add_argument(
        "--side-offset",
        type=int,
        default=0,
        help="AllSides: the next side of each story is the article (1: a fresh sample)",
    )
    ap.add_argument(
        "--recheck",
        type=Path,
        help="saved records of the same arguments: check again only their events with a "
        "contradicted or flagged sentence, and print every row whose verdict or flags changed",
    )
    ap.add_argument("--tag", default="", help="suffix for the output files (e.g. before, after)")
    ap.add_argument("--summary-only", action="store_true", help="summarise saved records, check nothing")
    ap.add_argument("--audit", action="store_true", help="write the TSV to read by hand")
    ap.add_argument("--contradicted", type=int, default=60)
    ap.add_argument("--supported", type=int, default=40)
    ap.add_argument("--score", type=Path, help="precision from a labelled audit TSV")
    ap.add_argument(
        "--against",
        type=Path,
        help="a kept label file (ids + labels) of an earlier run: how the mismatch flags of the saved "
        "records of --part/--tag stand against it (kept / gone by label, new ones listed)",
    )
    ap.add_argument("--keep-labels", type=Path, help="write ids + labels (no text) of the audit TSV here")
    args = ap.parse_args()
    if args.score:
        score(args.score)
        return
    suffix = f"-{args.tag}" if args.tag else ""
    path = OUT / f"{args.part}{suffix}.jsonl"
    if args.against:
        against(args.against, [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()])
        return
    if args.keep_labels:
        src = OUT / f"audit-{args.part}{suffix}.tsv"
        rows = list(csv.DictReader(src.open(encoding="utf-8"), delimiter="\t"))
        with args.keep_labels.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter="\t")
            w.writerow(["id", "item", "label", "cause"])
            for r in rows:
                w.writerow([r["id"], r["item"], r["label"], r["cause"]])
        return
    if not args.summary_only:
        evs = events(
            args.part,
            args.ecb,
            args.allsides,
            args.sample,
            args.doc_offset,
            args.side_offset,
            args.neus,
            args.claims,
            args.mrpc,
            args.mrpc_split,
            args.stsb,
            args.fnc,
            args.fnc_bodies,
        )
        if args.recheck:
            before = [json.loads(x) for x in args.recheck.read_text(encoding="utf-8").splitlines()]
            keep = {r["event"] for r in before if r["verdict"] == "contradicted" or r["flags"]}
            evs = [e for e in evs if e["event"] in keep]
        n_ev = len({e["event"] for e in evs})
        print(f"{len(evs)} checks of {n_ev} events in part {args.part}", file=sys.stderr)
        run(evs, path)
    records = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    if args.recheck:
        changed(before, records)
        return
    print(json.dumps(summary(records), indent=1))
    if args.audit:
        audit(records, OUT / f"audit-{args.part}{suffix}.tsv", args.contradicted, args.supported)


if __name__ == "__main__":
    main()
