"""Probe for a same-head calque rule ("transport diplomacy" where the reference says
"shuttle diplomacy"); not shipped (BENCHMARKS.md, Garble detection). Counts the rule's
candidates on DEMETR clean MT, ECB+ leads and the trust articles of one half.

    HF_HUB_OFFLINE=1 python benchmarks/calque_probe.py --half tune [--zmax 5.0]
    HF_HUB_OFFLINE=1 python benchmarks/calque_probe.py --sim   # MiniLM similarity of phrase pairs
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

from storycheck.garble.lexicon import FUNCTION, lm_tokens, news_lm, web_bigrams, zipf  # noqa: E402
from storycheck.split import split_sentences  # noqa: E402


def content(w: str) -> bool:
    return w.isalpha() and w not in FUNCTION


def candidates(article: str, refs: list[str], zmax: float) -> list[tuple[str, str]]:
    """Article bigrams ``a b`` unseen in the news model and the web bigrams, where a
    reference sentence has ``c b`` in a shared context (a content word within 3 words)."""
    lm, web = news_lm(), web_bigrams()
    out = []
    rsents = [lm_tokens(s.text) for r in refs for s in split_sentences(r)]
    for s in split_sentences(article):
        t = lm_tokens(s.text)
        for k in range(len(t) - 1):
            a, b = t[k], t[k + 1]
            if not (content(a) and content(b)) or lm.bigram(a, b) or (a, b) in web or zipf(a) >= zmax:
                continue
            for rt in rsents:
                if a in rt:
                    continue
                for j in range(1, len(rt)):
                    c = rt[j - 1]
                    if rt[j] != b or not content(c) or c == a or c in t or zipf(c) >= zmax:
                        continue
                    near_a = {w for w in t[max(0, k - 3) : k] + t[k + 2 : k + 5] if content(w)}
                    near_c = {w for w in rt[max(0, j - 4) : j - 1] + rt[j + 1 : j + 4] if content(w)}
                    if near_a & near_c:
                        out.append((f"{a} {b}", f"{c} {b}"))
    return out


def probe(data: Path, half: str, zmax: float) -> dict[str, object]:
    rows = [json.loads(x) for x in open(data / "translation/demetr/base_id35_reference.dev.jsonl")]
    rows = [r for r in rows if in_half(str(r["id"]), half)]
    demetr = [c for r in rows if (c := candidates(r["mt_sent"], [r["eng_sent"]], zmax))]
    by_topic: dict[str, list[str]] = {}
    for topic, text in ecb_docs(data):
        by_topic.setdefault(topic, []).append(text)
    ecb_docs_n = ecb_cands = 0
    for docs in by_topic.values():
        for i, text in enumerate(docs):
            if in_half(text[:200], half):
                ecb_docs_n += 1
                ecb_cands += len(candidates(text, [docs[(i + 1) % len(docs)]], zmax))
    trust = trust_articles(half)
    return {
        "demetr_clean_mt_rows": len(rows),
        "demetr_clean_mt_rows_with_candidate": len(demetr),
        "demetr_examples": demetr[:12],
        "ecb_documents": ecb_docs_n,
        "ecb_candidates": ecb_cands,
        "trust_articles": len(trust),
        "trust_candidates": sum(len(candidates(text, refs, zmax)) for _, text, refs in trust),
        "xfail_case": candidates(
            "Turkey hosted the talks after months of transport diplomacy.",
            ["Turkey hosted the talks after months of shuttle diplomacy."],
            zmax,
        ),
    }


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
    ap.add_argument("--zmax", type=float, default=5.0)
    ap.add_argument("--sim", action="store_true")
    args = ap.parse_args()
    res = similarity() if args.sim else probe(Path(args.data), args.half, args.zmax)
    print(json.dumps(res, indent=1, default=lambda x: round(x, 3) if isinstance(x, float) else x))


if __name__ == "__main__":
    main()
