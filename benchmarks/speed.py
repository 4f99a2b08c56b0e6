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


def stage_times(
    article: str, reference: str, engine: Engine, opts: Options, runs: int
) -> tuple[dict[str, float], list[int]]:
    """Median seconds per stage over ``runs`` warm checks, by wrapping the stage functions,
    and the number of pairs in each judge round."""
    import storycheck.checks as checks_mod
    import storycheck.pipeline as pipe

    spent: dict[str, float] = {}
    rounds: list[int] = []  # pairs per judge call, i.e. per round

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        def wrapper(*a, **k):  # noqa: ANN002, ANN003, ANN202
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                key = name
                if name == "judge":
                    rounds.append(len(a[0]))
                    key = f"judge round {len(rounds)}"
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - t

        return wrapper

    saved = (pipe.embed_and_index, engine.judge.score, checks_mod.entities, pipe._garble_flags)
    pipe.embed_and_index = timed("embed + index", pipe.embed_and_index)
    engine.judge.score = timed("judge", engine.judge.score)  # type: ignore[method-assign]
    checks_mod.entities = timed("spaCy NER", checks_mod.entities)
    pipe._garble_flags = timed("garble detectors", pipe._garble_flags)
    per_run: list[dict[str, float]] = []
    try:
        for _ in range(runs):
            spent.clear()
            rounds.clear()
            t = time.perf_counter()
            check(article, [reference], engine=engine, options=opts)
            spent["total"] = time.perf_counter() - t
            per_run.append(dict(spent))
    finally:
        pipe.embed_and_index, engine.judge.score, checks_mod.entities, pipe._garble_flags = saved
    keys = per_run[0].keys()
    out = {k: statistics.median(r.get(k, 0.0) for r in per_run) for k in keys}
    out["everything else"] = out["total"] - sum(v for k, v in out.items() if k != "total")
    return out, list(rounds)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--topic", type=int, default=1)
    ap.add_argument("--no-garble", action="store_true")
    ap.add_argument("--stages", action="store_true", help="also time each stage (wrapped, same runs count)")
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
    if args.stages:
        stages, pairs = stage_times(article, reference, engine, opts, args.runs)
        print(f"judge pairs per round: {pairs}")
        for name, sec in stages.items():
            print(f"  {name:<20} {sec:.3f} s")


if __name__ == "__main__":
    main()
