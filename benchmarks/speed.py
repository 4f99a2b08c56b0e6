"""Check time, warm and cold, and how it grows with input size. Timings: run it on an
IDLE machine only; it prints the load average beside every figure and refuses to run when
the 1-minute load average is over 0.5 (``--force`` runs anyway and marks the output).

    python benchmarks/speed.py [--runs 7] [--stages]     # warm: models loaded once
    python benchmarks/speed.py --cold [--runs 5]         # fresh `python -m storycheck check` processes
    python benchmarks/speed.py --scaling                 # 10 .. 1,000 sentences, article and references
    python benchmarks/speed.py --ab-overlap [--runs 15]  # overlapped stages vs one after another

Cases: ``ecb1``, the first 35 sentences of ECB+ topic 1's ecb documents against the first
25 of its ecbplus documents (real news, read from ../shared/data), and ``translation``,
tests/fixtures/translation (a 31-sentence damaged translation against a 25-sentence
reference, written for this project). Scaling reads more ECB+ topics for longer texts.
Run from the repository root with ``PYTHONPATH=.`` so the working tree's code is timed.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _data import count_pairs, ecb_topic

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "translation"
MAX_LOAD = 0.5


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def guard(force: bool) -> str:
    """Refuse (or, with --force, mark) a run on a busy machine: timings taken under load
    are not figures."""
    one = os.getloadavg()[0]
    if one <= MAX_LOAD:
        return ""
    msg = f"1-minute load average is {one:.2f} (> {MAX_LOAD}): the machine is not idle"
    if not force:
        sys.exit(f"speed.py: {msg}; wait for an idle machine (or --force, and do not record the figures)")
    print(f"WARNING: {msg}. These timings are NOT figures; do not record them.", flush=True)
    return " [UNDER LOAD: not a figure]"


def first_sentences(sents: list[str], n: int) -> str:
    """Paragraphs of source sentences, cut to exactly n sentences as storycheck splits them."""
    from storycheck.split import split_sentences

    text = "\n\n".join(sents)
    spans = split_sentences(text)
    return text[: spans[n - 1].end] if len(spans) >= n else text


def cases() -> dict[str, tuple[str, str]]:
    return {
        "ecb1": (first_sentences(ecb_topic(1, plus=False), 35), first_sentences(ecb_topic(1, plus=True), 25)),
        "translation": ((FIX / "article.txt").read_text("utf-8"), (FIX / "reference.txt").read_text("utf-8")),
    }


def stage_times(article: str, reference: str, engine, opts, runs: int) -> tuple[dict[str, float], list[int]]:  # noqa: ANN001
    """Median seconds per stage over ``runs`` warm checks, by wrapping the stage functions,
    and the number of pairs in each judge round. Stages overlap (round 1 runs beside spaCy
    NER, language detection and garble beside the models), so they add up to more than the
    total; "critical path" is what the total waits for."""
    import storycheck.checks as checks_mod
    import storycheck.pipeline as pipe
    from storycheck import check

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
                    key = f"judge round {len(rounds)} ({len(a[0])} pairs)"
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - t

        return wrapper

    saved = (pipe.embed_and_index, engine.judge.score, checks_mod.entities, pipe._garble_flags,
             pipe._language_warnings)  # fmt: skip
    pipe.embed_and_index = timed("embed + index", pipe.embed_and_index)
    engine.judge.score = timed("judge", engine.judge.score)
    checks_mod.entities = timed("spaCy NER (beside round 1)", checks_mod.entities)
    pipe._garble_flags = timed("garble (side thread)", pipe._garble_flags)
    pipe._language_warnings = timed("language (side thread)", pipe._language_warnings)
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
        (pipe.embed_and_index, engine.judge.score, checks_mod.entities, pipe._garble_flags,
         pipe._language_warnings) = saved  # fmt: skip
    keys = per_run[0].keys()
    return {k: statistics.median(r.get(k, 0.0) for r in per_run) for k in keys}, list(rounds)


class _Inline:
    """A ThreadPoolExecutor stand-in that runs each task at submit: the pipeline's
    overlapped stages run one after another, as before issue 14 (--ab-overlap)."""

    def __init__(self, *a, **k) -> None:  # noqa: ANN002, ANN003
        pass

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *a) -> bool:  # noqa: ANN002
        return False

    def submit(self, fn, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN201
        from concurrent.futures import Future

        f: Future = Future()
        try:
            f.set_result(fn(*a, **k))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, as a real executor does
            f.set_exception(exc)
        return f


def ab_overlap(args: argparse.Namespace, mark: str) -> None:
    """Warm check with the overlapped stages on threads vs run one after another,
    interleaved run by run (same engine, same inputs)."""
    import storycheck.pipeline as pipe
    from storycheck import Engine, Options, check

    engine, opts, real = Engine.default(), Options(garble=not args.no_garble), pipe.ThreadPoolExecutor
    for name, (article, reference) in cases().items():
        if args.case and name != args.case:
            continue
        check(article, [reference], engine=engine, options=opts)
        times: dict[str, list[float]] = {"overlapped": [], "in sequence": []}
        try:
            for _ in range(args.runs):
                for mode in times:
                    pipe.ThreadPoolExecutor = real if mode == "overlapped" else _Inline
                    t = time.perf_counter()
                    check(article, [reference], engine=engine, options=opts)
                    times[mode].append(time.perf_counter() - t)
        finally:
            pipe.ThreadPoolExecutor = real
        cells = ", ".join(f"{k} median {statistics.median(v):.3f} s" for k, v in times.items())
        print(f"{name}: {cells} over {args.runs} interleaved runs; {load()}{mark}", flush=True)


def warm(args: argparse.Namespace, mark: str) -> None:
    from storycheck import Engine, Options, check
    from storycheck.split import split_sentences

    t0 = time.perf_counter()
    engine = Engine.default()
    opts = Options(garble=not args.no_garble)
    print(f"engine load: {time.perf_counter() - t0:.2f} s; judge {engine.judge.name}{mark}")
    for name, (article, reference) in cases().items():
        if args.case and name != args.case:
            continue
        t = time.perf_counter()
        report = check(article, [reference], engine=engine, options=opts)  # warm-up
        first = time.perf_counter() - t
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            check(article, [reference], engine=engine, options=opts)
            times.append(time.perf_counter() - t)
        print(f"{name}: {len(report.sentences)} vs {len(split_sentences(reference))} sentences; first check "
              f"{first:.3f} s; warm median {statistics.median(times):.3f} s, min {min(times):.3f} s "
              f"over {args.runs} runs; {load()}{mark}", flush=True)  # fmt: skip
        if args.stages:
            stages, pairs = stage_times(article, reference, engine, opts, args.runs)
            print(f"  judge pairs per round: {pairs}")
            for k, sec in stages.items():
                print(f"  {k:<34} {sec:.3f} s")


COLD_CHILD = """
import sys, time
t0 = time.perf_counter()
from storycheck.cli import app
t1 = time.perf_counter()
from storycheck import Engine
from storycheck.checks import _nlp
from storycheck.read import _langid
e = Engine.default(); t2 = time.perf_counter()
_langid(); t3 = time.perf_counter()
_nlp(); t4 = time.perf_counter()
from storycheck.garble import find_garble
from storycheck.read import from_text
from storycheck.split import split_sentences
doc = from_text(open(sys.argv[1]).read(), "a")
find_garble(doc, split_sentences(doc.text), []); t5 = time.perf_counter()
print(f"{t1-t0:.3f} {t2-t1:.3f} {t3-t2:.3f} {t4-t3:.3f} {t5-t4:.3f}")
"""


def cold(args: argparse.Namespace, mark: str) -> None:
    """Fresh processes, as a user runs the command line: interpreter start, imports, model
    loads and one check, wall clock. Then, in other fresh processes, each load on its own
    and in sequence (where the cold time goes; the real run overlaps some of them)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (article, reference) in cases().items():
            if args.case and name != args.case:
                continue
            a, r = Path(tmp) / f"{name}-a.txt", Path(tmp) / f"{name}-r.txt"
            a.write_text(article, "utf-8")
            r.write_text(reference, "utf-8")
            # `-c` rather than `-m storycheck`, so older checkouts (PYTHONPATH) run the same way
            cmd = [sys.executable, "-c", "from storycheck.cli import main; main()", "check", str(a), "-a", str(r),
                   "-f", "json", "-o", str(Path(tmp) / "out.json")]  # fmt: skip
            walls = []
            for _ in range(args.runs):
                t = time.perf_counter()
                subprocess.run(cmd, check=True, env=env, capture_output=True)
                walls.append(time.perf_counter() - t)
            print(f"{name}: cold `storycheck check` (fresh process): median {statistics.median(walls):.2f} s, "
                  f"min {min(walls):.2f} s over {args.runs} processes; {load()}{mark}", flush=True)  # fmt: skip
            parts = []
            for _ in range(args.runs):
                out = subprocess.run([sys.executable, "-c", COLD_CHILD, str(a)], check=True, env=env,
                                     capture_output=True, text=True).stdout  # fmt: skip
                parts.append([float(x) for x in out.split()])
            labels = ["import storycheck.cli", "Engine.default() (2 ONNX sessions)", "language model (py3langid)",
                      "spaCy import + load (NER only)", "garble first run (word lists)"]  # fmt: skip
            for k, label in enumerate(labels):
                print(f"  {label:<38} {statistics.median(p[k] for p in parts):.3f} s (median, on its own)")


def scaling(args: argparse.Namespace, mark: str) -> None:
    """Check time and judge pairs as the article and the references grow."""
    import dataclasses

    import storycheck.pipeline as pipe
    from storycheck import Engine, Options, check

    pipe.LIMITS = dataclasses.replace(pipe.LIMITS, max_article_chars=10**7)  # 1,000 sentences are over it
    pool_a = [s for t in range(1, 23) for s in ecb_topic(t, plus=False)]
    pool_r = [s for t in range(1, 23) for s in ecb_topic(t, plus=True)]
    engine = Engine.default()
    asked = count_pairs(engine)
    opts = Options()
    check(first_sentences(pool_a, 10), [first_sentences(pool_r, 10)], engine=engine, options=opts)
    print("| article sentences | reference sentences | check s | judge pairs | ms per article sentence |")
    print("|---|---|---|---|---|")
    grid = [(n, 25) for n in (10, 30, 100, 300, 1000)] + [(35, m) for m in (10, 100, 300, 1000)]
    for n, m in grid:
        art, ref = first_sentences(pool_a, n), first_sentences(pool_r, m)
        asked[0] = 0
        t = time.perf_counter()
        rep = check(art, [ref], engine=engine, options=opts)
        sec = time.perf_counter() - t
        print(f"| {len(rep.sentences)} | {m} | {sec:.2f} | {asked[0]} | {1000 * sec / len(rep.sentences):.0f} | "
              f"<!-- {load()}{mark} -->", flush=True)  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--case", choices=["ecb1", "translation"], help="one case only")
    ap.add_argument("--no-garble", action="store_true")
    ap.add_argument("--stages", action="store_true", help="also time each stage (wrapped, same runs count)")
    ap.add_argument("--cold", action="store_true", help="fresh processes: import, model load, one check")
    ap.add_argument("--scaling", action="store_true", help="time as article and references grow")
    ap.add_argument("--ab-overlap", action="store_true", help="warm: overlapped stages vs in sequence")
    ap.add_argument("--force", action="store_true", help="run on a busy machine (output marked: not figures)")
    args = ap.parse_args()
    print(f"$ {shlex.join(['python', *sys.argv])}")
    import storycheck

    print(f"code: {Path(storycheck.__file__).parent}; cpus {os.cpu_count()}; "
          f"STORYCHECK_THREADS={os.environ.get('STORYCHECK_THREADS', 'unset')}; {load()}")  # fmt: skip
    mark = guard(args.force)
    if args.cold:
        cold(args, mark)
    elif args.scaling:
        scaling(args, mark)
    elif args.ab_overlap:
        ab_overlap(args, mark)
    else:
        warm(args, mark)
    print(f"after: {load()}")


if __name__ == "__main__":
    main()
