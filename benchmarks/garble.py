"""Benchmark the garble detectors (storycheck.garble.find_garble).

    python benchmarks/garble.py [--data ../shared/data] [--half tune|report|all] [--show KIND]
    python benchmarks/garble.py --only pipeline --half report   # whole check(), judge included
    python benchmarks/garble.py --only overhead                 # check() time, garble on vs off
    python benchmarks/garble.py --only clean --half report --audit [--labels benchmarks/garble_audit_report.tsv]
                                                                # every clean-news flag in a TSV to read

Halves: rows are split by a stable id parity so thresholds can be tuned on one half
("tune": even ids) and reported on the other ("report": odd ids). The clean-news texts
(ECB+ even topics, AllSides val/test leads) were held out of the news n-gram model.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._data import rejoin_token_splits  # noqa: E402
from storycheck.garble import find_garble  # noqa: E402
from storycheck.garble.quotes import quote_open_at_end  # noqa: E402
from storycheck.split import split_sentences  # noqa: E402
from storycheck.types import Document, Flag  # noqa: E402
from training.build_newslm import allsides_leads as newslm_allsides_leads  # noqa: E402
from training.build_newslm import ecb_doc_lines  # noqa: E402

DEMETR = {
    "repeat2": "minor_id1_repeat2",
    "repeat4": "minor_id2_repeat4",
    "misspelled": "minor_id26_misspelled",
    "char_removed": "minor_id27_char_removed",
    "final_punc_removed": "minor_id28_final_punc_removed",
    "codemix": "critical_id4_codemix",
    "word_swap": "minor_id14_word_swap",
}


def in_half(key: str, half: str) -> bool:
    if half == "all":
        return True
    parity = zlib.crc32(key.encode()) % 2
    return parity == (0 if half == "tune" else 1)


DUMP: list[str] | None = None  # --dump: every check's flags, one JSON line each


def check(text: str, refs: list[str] = ()) -> list[Flag]:
    doc = Document(text, "article")
    flags = find_garble(doc, split_sentences(text), [Document(r, f"ref{i}") for i, r in enumerate(refs)])
    if DUMP is not None:
        # texts keyed by hash: the dump compares two versions of the code flag for flag
        # (byte-identical output after a speed-up); write it under benchmarks/out (not in git)
        key = [zlib.crc32(text.encode()), [zlib.crc32(r.encode()) for r in refs]]
        DUMP.append(json.dumps([key, [[f.kind, f.start, f.end, f.message, f.source] for f in flags]]))
    return flags


def show(label: str, text: str, flags: list[Flag], kind: str | None, shown: dict[str, int]) -> None:
    if kind is None or shown.get(label, 0) >= 15:
        return
    rel = [f for f in flags if kind == "all" or f.kind == kind]
    if rel or kind == "miss":
        shown[label] = shown.get(label, 0) + 1
        print(f"[{label}] {text[:220]!r}", file=sys.stderr)
        for f in rel:
            print(f"     {f.kind}: {f.text[:60]!r} | {f.message}", file=sys.stderr)


def guerreiro(data: Path, half: str, kind: str | None) -> dict[str, float]:
    rows = [json.loads(x) for x in open(data / "translation/nmt_hallucinations_guerreiro/dev.jsonl")]
    rows = [r for r in rows if in_half(r[""], half)]
    tp = fp = fn = 0
    ne_hit = ne_total = 0
    shown: dict[str, int] = {}
    for r in rows:
        flags = check(r["mt"], [r["ref"]])
        rep = any(f.kind == "repetition" for f in flags)
        gold = r["repetitions"] == "1"
        tp += rep and gold
        fp += rep and not gold
        fn += gold and not rep
        if rep and not gold:
            show("rep-fp", r["mt"], flags, kind, shown)
        if gold and not rep and kind == "miss":
            show("rep-miss", r["mt"], flags, "miss", shown)
        if r["named-entities"] == "1":
            ne_total += 1
            ne_hit += any(f.kind in ("name_variant", "misspelling") for f in flags)
    return {
        "rows": len(rows),
        "repetition_gold": tp + fn,
        "repetition_recall": tp / max(1, tp + fn),
        "repetition_precision": tp / max(1, tp + fp),
        "named_entity_rows": ne_total,
        "name_variant_recall": ne_hit / max(1, ne_total),
    }


def demetr(data: Path, half: str, kind: str | None) -> dict[str, float]:
    out: dict[str, float] = {}
    shown: dict[str, int] = {}
    for label, name in DEMETR.items():
        rows = [json.loads(x) for x in open(data / f"translation/demetr/{name}.dev.jsonl")]
        rows = [r for r in rows if in_half(str(r["id"]), half)]
        hit = 0
        for r in rows:
            flags = check(r["pert_sent"], [r["eng_sent"]])
            # what the user sees: a flag, or the pipeline's one warning that the text
            # stops inside a quotation (a closing quotation mark removed)
            hit += bool(flags) or quote_open_at_end(r["pert_sent"]) is not None
            if not flags and kind == "miss":
                show(label, r["pert_sent"], flags, "miss", shown)
        out[label] = hit / max(1, len(rows))
        out[f"{label}_n"] = len(rows)
    rows = [json.loads(x) for x in open(data / "translation/demetr/base_id35_reference.dev.jsonl")]
    rows = [r for r in rows if in_half(str(r["id"]), half)]
    for field in ("pert_sent", "mt_sent"):
        n_flagged = 0
        for r in rows:
            flags = check(r[field], [r["eng_sent"]])
            n_flagged += bool(flags) or quote_open_at_end(r[field]) is not None
            show(f"base-{field}", r[field], flags, kind, shown)
        out[f"clean_{field}_flag_rate"] = n_flagged / max(1, len(rows))
    out["clean_n"] = len(rows)
    return out


def ecb_docs(data: Path) -> list[tuple[str, str]]:
    """(topic, text) of ECB+ documents in even topics (not in the n-gram model)."""
    # ECB+ keeps no paragraphs: the first lines are title and dateline, the rest runs as
    # prose (quotes may span corpus sentences).
    return [
        (topic, "\n".join(lines[:2]) + "\n" + " ".join(lines[2:]))
        for topic, raw in ecb_doc_lines(data, lambda t: t % 2 == 0)
        for lines in [[rejoin_token_splits(x) for x in raw]]
    ]


def allsides_leads(data: Path) -> list[str]:
    """AllSides leads of the val and test splits (not in the n-gram model)."""
    return [lead for split in ("val", "test") for lead in newslm_allsides_leads(data, split)]


def trust_articles(half: str) -> list[tuple[str, str, list[str]]]:
    """The trust benchmark's checks (benchmarks/trust.py: an ECB+ article against up to
    three reports of its event, an AllSides lead against the other sides'), its TUNE
    part for ``tune`` and REPORT part for ``report`` (a seeded 40/60 split by event)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import trust

    part = {"tune": "tune", "report": "report", "all": "all"}[half]
    return [
        (f"{e['event']}|{e['article'][0]}", e["article"][1], [t for _, t in e["refs"]])
        for e in trust.events(part, 30, 60)
    ]


AUDIT: list[dict[str, str]] = []  # every flag on clean news, for --audit


def clean_news(data: Path, half: str, kind: str | None, lead: int = 6) -> dict[str, float]:
    """Flags per 50 sentences on the first ``lead`` sentences of held-out news (every
    flag counts, real or not); ECB+ documents are checked against another document of
    the same topic. ``trust``: the trust benchmark's whole articles with their references."""
    out: dict[str, float] = {}
    shown: dict[str, int] = {}
    ecb = ecb_docs(data)
    by_topic: dict[str, list[str]] = {}
    for t, text in ecb:
        by_topic.setdefault(t, []).append(text)
    sets = {
        "ecb": [
            (f"ecb:{t}:{zlib.crc32(text.encode())}", text, [docs[(i + 1) % len(docs)]])
            for t, docs in by_topic.items()
            for i, text in enumerate(docs)
        ],
        "allsides": [(f"allsides:{zlib.crc32(t.encode())}", t, []) for t in allsides_leads(data)],
    }
    for name, items in sets.items():
        items = [it for it in items if in_half(it[1][:200], half)]
        n_sent = n_flags = excerpt_end = 0
        kinds: dict[str, int] = {}
        for doc_id, text, refs in items:
            sents = split_sentences(text)
            cut = bool(sents) and not re.search(r"[.!?…]['\"’”)]*$", sents[-1].text)
            if cut:
                sents = sents[:-1]  # AllSides cuts leads mid-sentence: a real truncation, not text
            if not sents:
                continue
            text = text[: sents[-1].end]
            # check the whole document (a quote may close after the lead) and count
            # the flags that start in its first ``lead`` sentences
            lead_end = sents[min(lead, len(sents)) - 1].end
            flags = [f for f in check(text, refs) if f.start < lead_end]
            if cut:  # a quote still open where the dataset cut the lead is that cut
                para = text.rfind("\n") + 1
                flags = [
                    f for f in flags if not (f.kind in ("truncated", "unbalanced_quote") and f.start >= para)
                ]
            # Excerpts (AllSides leads) may stop inside a quote that runs over several
            # sentences: the detector leaves that to the pipeline's one "cut off"
            # warning; counted apart here.
            excerpt_end += quote_open_at_end(text) is not None
            n_sent += min(lead, len(sents))
            n_flags += len(flags)
            for f in flags:
                kinds[f.kind] = kinds.get(f.kind, 0) + 1
            audit_rows(name, doc_id, text, flags)
            show(name, text, flags, kind if kind != "miss" else None, shown)
        out[f"{name}_sentences"] = n_sent
        out[f"{name}_flags_per_50"] = 50 * n_flags / max(1, n_sent)
        out[f"{name}_by_kind"] = kinds  # type: ignore[assignment]
        out[f"{name}_quote_open_at_excerpt_end"] = excerpt_end
    # whole articles of the trust benchmark, against their references
    n_sent = n_flags = cut_in_quote = 0
    kinds = {}
    for doc_id, text, refs in trust_articles(half):
        sents = split_sentences(text)
        flags = check(text, refs)
        # the crawl cuts bodies off with "...": a quote still open there is that cut,
        # which the pipeline warns about once (not a flag)
        cut_in_quote += quote_open_at_end(text) is not None
        n_sent += len(sents)
        n_flags += len(flags)
        for f in flags:
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        audit_rows("trust", doc_id, text, flags)
        show("trust", text, flags, kind if kind != "miss" else None, shown)
    out["trust_articles"] = len(trust_articles(half))
    out["trust_sentences"] = n_sent
    out["trust_flags_per_50"] = 50 * n_flags / max(1, n_sent)
    out["trust_by_kind"] = kinds  # type: ignore[assignment]
    out["trust_quote_open_at_end"] = cut_in_quote
    return out


def audit_rows(name: str, doc_id: str, text: str, flags: list[Flag]) -> None:
    for f in flags:
        ctx = text[max(0, f.start - 100) : f.end + 60].replace("\n", " ⏎ ").replace("\t", " ")
        AUDIT.append(
            {
                "id": f"{doc_id}:{f.start}",
                "set": name,
                "kind": f.kind,
                "text": f.text.replace("\n", " "),
                "message": f.message,
                "context": ctx,
                "real": "",
                "note": "",
            }  # fmt: skip
        )


def write_audit(path: Path, labels: Path | None) -> dict[str, object]:
    """Every flag of the clean-news sets as a TSV to read (``real``: y if the flagged text
    really is damaged in the source, n if the flag is wrong). With ``labels`` (id, kind,
    real, note: no news text), the labels are filled in and the share that is real is
    returned."""
    import csv

    known: dict[tuple[str, str], tuple[str, str]] = {}
    if labels and labels.exists():
        with labels.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                known[(row["id"], row["kind"])] = (row["real"], row.get("note", ""))
    for row in AUDIT:
        row["real"], row["note"] = known.get((row["id"], row["kind"]), ("", ""))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(AUDIT[0]) if AUDIT else ["id"], delimiter="\t")
        w.writeheader()
        w.writerows(AUDIT)
    done = [r for r in AUDIT if r["real"] in ("y", "n")]
    by_set: dict[str, list[int]] = {}
    for r in done:
        by_set.setdefault(r["set"], [0, 0])[r["real"] == "y"] += 1
    return {
        "flags": len(AUDIT),
        "labelled": len(done),
        "real": sum(r["real"] == "y" for r in done),
        "by_set_false_real": by_set,
        "tsv": str(path),
    }


def timing(data: Path) -> dict[str, float]:
    """Warm time of find_garble on 35-sentence articles (AllSides leads joined)."""
    leads = allsides_leads(data)
    text = " ".join(leads[:40])
    sents = split_sentences(text)[:35]
    text = text[: sents[-1].end]
    doc = Document(text, "a")
    ref = [Document(" ".join(leads[40:60]), "r")]
    find_garble(doc, sents, ref)  # warm: loads models
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        find_garble(doc, sents, ref)
    return {
        "ms_per_35_sentences_warm": 1000 * (time.perf_counter() - t0) / reps,
        "load_average": os.getloadavg(),
    }


def pipeline(data: Path, half: str, control: int = 120, seed: int = 0) -> dict[str, float]:
    """Guerreiro rows through the whole ``check()`` (judge, name checks, garble), ``mt``
    against ``ref``: the share of ``full-unsupport`` rows whose sentences end up mostly
    (more than half) unverified or contradicted, the same share on a seeded sample of
    rows with no hallucination label (control), and the recall of name_variant /
    name_mismatch / misspelling flags on ``named-entities`` rows."""
    import random

    from storycheck import Engine, Options, check

    engine = Engine.default()
    rows = [json.loads(x) for x in open(data / "translation/nmt_hallucinations_guerreiro/dev.jsonl")]
    rows = [r for r in rows if in_half(r[""], half)]
    labels = ("repetitions", "named-entities", "omission", "strong-unsupport", "full-unsupport")
    clean = [r for r in rows if not any(r[k] == "1" for k in labels)]
    random.Random(seed).shuffle(clean)

    def mostly_unsupported(r: dict) -> tuple[bool, set[str]]:
        # copy-through hallucinations leave German text: check it anyway
        rep = check(r["mt"], [r["ref"]], engine=engine, options=Options(allow_non_english=True))
        bad = sum(s.verdict in ("unverified", "contradicted") for s in rep.sentences)
        kinds = {f.kind for s in rep.sentences for f in s.flags}
        return bad * 2 > len(rep.sentences), kinds

    out: dict[str, float] = {}
    full = [r for r in rows if r["full-unsupport"] == "1"]
    out["full_unsupport_rows"] = len(full)
    out["full_unsupport_mostly_unverified_or_contradicted"] = sum(
        mostly_unsupported(r)[0] for r in full
    ) / max(1, len(full))
    ctl = clean[:control]
    out["control_rows"] = len(ctl)
    out["control_mostly_unverified_or_contradicted"] = sum(mostly_unsupported(r)[0] for r in ctl) / max(
        1, len(ctl)
    )
    ne = [r for r in rows if r["named-entities"] == "1"]
    hits = [mostly_unsupported(r)[1] for r in ne]
    out["named_entity_rows"] = len(ne)
    out["name_variant_or_mismatch_recall"] = sum(
        bool(k & {"name_variant", "name_mismatch"}) for k in hits
    ) / max(1, len(ne))
    out["name_variant_mismatch_or_misspelling_recall"] = sum(
        bool(k & {"name_variant", "name_mismatch", "misspelling"}) for k in hits
    ) / max(1, len(ne))
    return out


def overhead(data: Path, repeats: int = 7) -> dict[str, float]:
    """Warm ``check()`` time on one 35-sentence article (AllSides leads joined) against one
    reference, with the garble detectors on and off, runs interleaved; medians."""
    import statistics

    from storycheck import Engine, Options, check

    leads = allsides_leads(data)
    text = " ".join(leads[:40])
    sents = split_sentences(text)[:35]
    text = text[: sents[-1].end]
    ref = " ".join(leads[40:60])
    engine = Engine.default()
    on, off = Options(garble=True), Options(garble=False)
    check(text, [ref], engine=engine, options=on)  # warm: models and caches
    check(text, [ref], engine=engine, options=off)
    t_on: list[float] = []
    t_off: list[float] = []
    for _ in range(repeats):
        for opts, acc in ((off, t_off), (on, t_on)):
            t0 = time.perf_counter()
            check(text, [ref], engine=engine, options=opts)
            acc.append(time.perf_counter() - t0)
    m_on, m_off = statistics.median(t_on), statistics.median(t_off)
    return {
        "sentences": len(sents),
        "repeats": repeats,
        "check_s_garble_off_median": m_off,
        "check_s_garble_on_median": m_on,
        "overhead": m_on / m_off - 1,
        "check_s_garble_off_min": min(t_off),
        "check_s_garble_on_min": min(t_on),
        "load_average": os.getloadavg(),  # timings mean something only on an idle machine
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--half", default="report", choices=["tune", "report", "all"])
    ap.add_argument("--show", default=None, help="print examples: a flag kind, 'all' or 'miss'")
    ap.add_argument(
        "--only", default=None, choices=["guerreiro", "demetr", "clean", "time", "pipeline", "overhead"]
    )
    ap.add_argument(
        "--audit", action="store_true", help="write every clean-news flag to a TSV to read by hand"
    )
    ap.add_argument("--repeats", type=int, default=7, help="overhead: check() runs of each setting")
    ap.add_argument("--labels", default=None, help="TSV of id, kind, real, note to fill the audit with")
    ap.add_argument(
        "--dump",
        default=None,
        help="write every check's flags (hashed keys, JSON lines) to this file, to diff versions",
    )
    args = ap.parse_args()
    global DUMP
    if args.dump:
        DUMP = []
    data = Path(args.data)
    res: dict[str, object] = {"half": args.half}
    if args.only in (None, "guerreiro"):
        res["guerreiro"] = guerreiro(data, args.half, args.show)
    if args.only in (None, "demetr"):
        res["demetr"] = demetr(data, args.half, args.show)
    if args.only in (None, "clean"):
        res["clean"] = clean_news(data, args.half, args.show)
        if args.audit:
            out = ROOT / "benchmarks" / "out" / "garble" / f"audit-{args.half}.tsv"
            res["audit"] = write_audit(out, Path(args.labels) if args.labels else None)
    if args.only in (None, "time"):
        res["time"] = timing(data)
    # slow (the judge on every row / whole checks): only when asked for
    if args.only == "pipeline":
        res["pipeline"] = pipeline(data, args.half)
    if args.only == "overhead":
        res["overhead"] = overhead(data, args.repeats)
    if DUMP is not None:
        Path(args.dump).parent.mkdir(parents=True, exist_ok=True)
        Path(args.dump).write_text("".join(line + "\n" for line in DUMP), encoding="utf-8")
    print(json.dumps(res, indent=1, default=lambda x: round(x, 3) if isinstance(x, float) else x))


if __name__ == "__main__":
    main()
