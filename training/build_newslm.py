"""Build the news-English n-gram count model used by storycheck.garble (odd_phrase).

Reads edited news text from ../shared/data (FNC-1 article bodies, AllSides train leads,
ECB+ documents of odd-numbered topics) and writes only pruned n-gram counts, never
sentences, to storycheck/models/newslm/newslm.npz. ECB+ even topics and the AllSides
val/test leads are left out so the clean-text false-flag benchmark stays unseen.

    python training/build_newslm.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storycheck.garble import lm_tokens  # noqa: E402  (same tokenizer as at check time)
from storycheck.split import split_sentences  # noqa: E402

OUT = ROOT / "storycheck" / "models" / "newslm"
MIN_UNIGRAM = 3  # rarer words map to <unk>: keeps the vocabulary (and ids) small
MIN_BIGRAM = 1  # keep singletons: 'unseen' must mean unseen in the corpus
MIN_TRIGRAM = 2


def fnc_bodies(data: Path) -> list[str]:
    csv.field_size_limit(10**9)
    seen: set[str] = set()
    out = []
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with open(data / "stance/fnc1_arc/data/fnc-1/corpora/FNC" / name, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                body = row["articleBody"]
                h = hashlib.sha1(body.encode()).hexdigest()
                if h not in seen:
                    seen.add(h)
                    out.append(body)
    return out


def allsides_leads(data: Path, split: str) -> list[str]:
    """Title and lead of each outlet's article: 'TITLE=> ... ARTICLE=> ... [SEP] ...'."""
    path = data / "events/neus_allsides/data/naacl2022_lrc_roundup_random_order_probe" / f"{split}.source"
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for part in line.split("[SEP]"):
            m = re.search(r"ARTICLE=>(.*)", part, re.S)
            if m and m.group(1).strip():
                out.append(m.group(1).strip())
    return out


def _detok(tokens: list[str]) -> str:
    s = " ".join(tokens)
    s = s.replace("``", '"').replace("''", '"')
    s = re.sub(r" ([.,;:!?%)\]])", r"\1", s)
    s = re.sub(r"([(\[$]) ", r"\1", s)
    s = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", s)
    s = re.sub(r" ?’ ?(s|t|re|ve|ll|d|m)\b", r"’\1", s)
    s = re.sub(r"(\d): (\d)", r"\1:\2", s)
    s = re.sub(r" - (?=\w)(?<=\w - )", "-", s)
    s = re.sub(r'" (.*?) "', r'"\1"', s)
    return html.unescape(s)


def ecb_doc_lines(data: Path, keep_topic: Callable[[int], bool]) -> list[tuple[str, list[str]]]:
    """(topic, lines) of ECB+ documents: detokenised text, one line per corpus sentence;
    lines holding a URL (often the first of an ecbplus file) are dropped."""
    base = data / "events/ecbplus/ECB+_LREC2014/ECB+"
    out = []
    for topic_dir in sorted(base.iterdir()):
        if not topic_dir.name.isdigit() or not keep_topic(int(topic_dir.name)):
            continue
        for f in sorted(topic_dir.glob("*.xml")):
            sents: dict[int, list[str]] = {}
            for tok in ET.parse(f).getroot().iter("token"):
                sents.setdefault(int(tok.get("sentence", 0)), []).append(tok.text or "")
            lines = [_detok(t) for _, t in sorted(sents.items())]
            out.append((topic_dir.name, [ln for ln in lines if "http" not in ln and "www" not in ln]))
    return out


def ecb_docs(data: Path, keep_topic: Callable[[int], bool]) -> list[str]:
    """ECB+ documents as text, one line per corpus sentence."""
    return ["\n".join(lines) for _, lines in ecb_doc_lines(data, keep_topic)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = ap.parse_args()
    data = Path(args.data)

    docs = fnc_bodies(data) + allsides_leads(data, "train") + ecb_docs(data, lambda t: t % 2 == 1)
    print(f"{len(docs)} documents", file=sys.stderr)

    uni: Counter[str] = Counter()
    sent_tokens: list[list[str]] = []
    for doc in docs:
        for s in split_sentences(doc):
            toks = lm_tokens(s.text)
            if len(toks) >= 3:
                sent_tokens.append(toks)
                uni.update(toks)
    vocab = ["<s>", "</s>", "<unk>"] + sorted(w for w, c in uni.items() if c >= MIN_UNIGRAM)
    ids = {w: i for i, w in enumerate(vocab)}
    v = len(vocab)
    assert v < 2**21, "ids must fit 21 bits for packed trigram keys"
    big: Counter[int] = Counter()
    tri: Counter[int] = Counter()
    n_tokens = 0
    for toks in sent_tokens:
        seq = [0] + [ids.get(t, 2) for t in toks] + [1]
        n_tokens += len(toks)
        for a, b in zip(seq, seq[1:]):
            big[(a << 21) | b] += 1
        for a, b, c in zip(seq, seq[1:], seq[2:]):
            tri[(a << 42) | (b << 21) | c] += 1
    counts = np.zeros(v, dtype=np.uint32)
    for w, c in uni.items():
        counts[ids.get(w, 2)] += c

    def packed(counter: Counter[int], min_count: int) -> tuple[np.ndarray, np.ndarray]:
        items = sorted((k, c) for k, c in counter.items() if c >= min_count)
        keys = np.fromiter((k for k, _ in items), dtype=np.uint64, count=len(items))
        vals = np.fromiter((min(c, 65535) for _, c in items), dtype=np.uint16, count=len(items))
        return keys, vals

    bk, bv = packed(big, MIN_BIGRAM)
    tk, tv = packed(tri, MIN_TRIGRAM)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT / "newslm.npz",
        vocab=np.array("\n".join(vocab)),
        unigram=counts,
        bigram_keys=bk,
        bigram_counts=bv,
        trigram_keys=tk,
        trigram_counts=tv,
        n_tokens=np.array(n_tokens),
        n_sentences=np.array(len(sent_tokens)),
    )
    meta = {
        "documents": len(docs),
        "sentences": len(sent_tokens),
        "tokens": n_tokens,
        "vocab": v,
        "bigrams": int(len(bk)),
        "trigrams": int(len(tk)),
        "min_counts": [MIN_UNIGRAM, MIN_BIGRAM, MIN_TRIGRAM],
    }
    (OUT / "stats.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(json.dumps(meta), file=sys.stderr)


if __name__ == "__main__":
    main()
