"""How often the calque detector (storycheck/garble/calques.py) fires on text that has
no calque: clean machine translations against their human reference (DEMETR's
unperturbed MT, Guerreiro's rows with no error label) and clean news against other
reports of the same event (ECB+ whole documents, the trust benchmark's articles). Every
such flag is a false one, whatever it says.

    HF_HUB_OFFLINE=1 python benchmarks/calque_probe.py --half tune [--show]
    HF_HUB_OFFLINE=1 python benchmarks/calque_probe.py --half report   # counts only
    HF_HUB_OFFLINE=1 python benchmarks/calque_probe.py --sim   # MiniLM similarity of phrase pairs

``--show`` prints the flagged phrases (reading rows: use it on the tune half only).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from garble import ecb_docs, in_half, trust_articles  # noqa: E402

from storycheck.garble.base import REGISTRY, Context  # noqa: E402
from storycheck.split import split_sentences  # noqa: E402
from storycheck.types import Document, Flag  # noqa: E402


def calque_flags(text: str, refs: list[str]) -> list[Flag]:
    """The calque detector's flags alone (no overlap resolution with other kinds)."""
    doc = Document(text, "article")
    ctx = Context(doc, split_sentences(text), [Document(r, f"ref{i}") for i, r in enumerate(refs)])
    return REGISTRY["calques"](ctx)


def probe(data: Path, half: str, show: bool) -> dict[str, object]:
    out: dict[str, object] = {}
    shown: list[str] = []

    def run(name: str, items: list[tuple[str, list[str]]], unit: str) -> None:
        n_flags = n_hit = n_sent = 0
        for text, refs in items:
            flags = calque_flags(text, refs)
            n_sent += len(split_sentences(text))
            n_flags += len(flags)
            n_hit += bool(flags)
            if show:
                shown.extend(f"[{name}] {f.text!r}: {f.message}" for f in flags)
        out[f"{name}_{unit}"] = len(items)
        out[f"{name}_{unit}_flagged"] = n_hit
        out[f"{name}_sentences"] = n_sent
        out[f"{name}_flags"] = n_flags
        out[f"{name}_flags_per_50_sentences"] = round(50 * n_flags / max(1, n_sent), 3)

    rows = [json.loads(x) for x in open(data / "translation/demetr/base_id35_reference.dev.jsonl")]
    rows = [r for r in rows if in_half(str(r["id"]), half)]
    run("demetr_clean_mt", [(r["mt_sent"], [r["eng_sent"]]) for r in rows], "rows")
    g = [json.loads(x) for x in open(data / "translation/nmt_hallucinations_guerreiro/dev.jsonl")]
    labels = ("repetitions", "named-entities", "omission", "strong-unsupport", "full-unsupport")
    g = [r for r in g if in_half(r[""], half) and not any(r.get(k) == "1" for k in labels)]
    run("guerreiro_unlabelled_mt", [(r["mt"], [r["ref"]]) for r in g], "rows")
    by_topic: dict[str, list[str]] = {}
    for topic, text in ecb_docs(data):
        by_topic.setdefault(topic, []).append(text)
    ecb = [
        (text, [docs[(i + 1) % len(docs)]])
        for docs in by_topic.values()
        for i, text in enumerate(docs)
        if in_half(text[:200], half)
    ]
    run("ecb_whole_documents", ecb, "documents")
    run("trust_articles", [(text, refs) for _, text, refs in trust_articles(half)], "articles")
    if show:
        out["flags"] = shown
    return out


PAIRS = [
    ("transport diplomacy", "shuttle diplomacy"),
    ("more stability", "greater stability"),
    ("key characteristics", "main characteristics"),
    ("big crowd", "large crowd"),
    ("security forces", "security services"),
    ("rights organisation", "rights group"),
]


def similarity() -> dict[str, float]:
    import numpy as np

    from storycheck.evidence import default_embedder

    v = np.asarray(default_embedder().encode([t for p in PAIRS for t in p]))
    v = v / np.linalg.norm(v, axis=1, keepdims=True)
    return {f"{a} / {b}": float(v[2 * k] @ v[2 * k + 1]) for k, (a, b) in enumerate(PAIRS)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--half", default="tune", choices=["tune", "report", "all"])
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--sim", action="store_true")
    args = ap.parse_args()
    res = similarity() if args.sim else probe(Path(args.data), args.half, args.show)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
