"""Check time for a 35-sentence article against a 25-sentence reference, warm.

    python benchmarks/speed.py [--runs 5]

Text: ECB+ topic 1 (real news; the ecb documents as the article, the ecbplus ones as the
reference), read from ../shared/data. Models load once; the first run is a warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _data import ecb_topic

from storycheck import Engine, Options, check
from storycheck.split import split_sentences


def first_sentences(sents: list[str], n: int) -> str:
    """Paragraphs of source sentences, cut to exactly n sentences as storycheck splits them."""
    text = "\n\n".join(sents)
    spans = split_sentences(text)
    return text[: spans[n - 1].end] if len(spans) >= n else text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--topic", type=int, default=1)
    ap.add_argument("--no-garble", action="store_true")
    args = ap.parse_args()
    article = first_sentences(ecb_topic(args.topic, plus=False), 35)
    reference = first_sentences(ecb_topic(args.topic, plus=True), 25)
    t0 = time.perf_counter()
    engine = Engine.default()
    opts = Options(garble=not args.no_garble)
    report = check(article, [reference], engine=engine, options=opts)
    print(f"load + first check: {time.perf_counter() - t0:.2f} s")
    print(
        f"article sentences: {len(report.sentences)}, reference chars: {len(reference)}, judge: {engine.judge.name}"
    )
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        check(article, [reference], engine=engine, options=opts)
        times.append(time.perf_counter() - t)
    print(
        f"warm check: median {statistics.median(times):.3f} s, min {min(times):.3f} s over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
