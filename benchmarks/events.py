"""Event grouping and coverage comparison on real news (issue 15).

Grouping (default): B-cubed precision/recall/F1 and ARI of ``storycheck.events`` grouping
against gold events, next to a TF-IDF baseline (same clustering, TF-IDF vectors):
- ECB+ at sub-topic level: every document of the chosen topics clustered together; gold
  event = (topic, ecb|ecbplus). Each topic holds two similar events (the hard case).
  Topics 1-20 tune the threshold, 21-45 are the report part.
- AllSides (raw_crawled): left/centre/right title+lead of one story = one event; stories
  hashed (crc32 of the story id) into tune 40% / report 60%. With --dates every article
  gets its story's date as its publication time.

    PYTHONPATH=. python benchmarks/events.py --part report            # both sets, report halves
    PYTHONPATH=. python benchmarks/events.py --part tune --sweep       # threshold sweep on tune halves
    PYTHONPATH=. python benchmarks/events.py --part tune --dates --clashes --show  # year clashes
    PYTHONPATH=. python benchmarks/events.py --pairs --events 6        # pair-choice recall (runs checks)
    PYTHONPATH=. python benchmarks/events.py --scale 1000 10000 100000 # peak memory of grouping
    PYTHONPATH=. python benchmarks/events.py --scale 1000 10000 --no-embed-cache  # timings (idle machine)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks._data import DATA, ECB, ecb_sentences  # noqa: E402
from storycheck.events.cluster import EventIndex  # noqa: E402
from storycheck.events.features import describe, embed, lead_text, marks, times  # noqa: E402
from storycheck.events.records import Article, parse_published  # noqa: E402
from storycheck.read import from_text  # noqa: E402

ALLSIDES = (
    DATA / "events" / "neus_allsides" / "data" / "raw_crawled" / "headline_11_2021-10-19_crawled_all.jsonl"
)


# ----------------------------------------------------------------------------- data


def ecb_articles(topics: range) -> tuple[list[Article], list[str]]:
    arts, gold = [], []
    for t in topics:
        d = ECB / str(t)
        if not d.is_dir():
            continue
        for f in sorted(d.glob("*.xml"), key=lambda p: p.name):
            sents = ecb_sentences(f)
            plus = f.name.endswith("ecbplus.xml")
            if plus and sents and re.match(r"https?\s*:", sents[0]):
                sents = sents[1:]  # the crawl's URL line is not article text
            if not sents:
                continue
            arts.append(Article(f.stem, from_text("\n".join(sents), f.stem)))
            gold.append(f"{t}/{'plus' if plus else 'ecb'}")
    for a in arts:
        from storycheck.events.records import _title_from_text

        a.title = _title_from_text(a.doc.text)
    return arts, gold


def allsides_stories() -> list[dict]:
    return [json.loads(line) for line in ALLSIDES.open(encoding="utf-8")]


def in_part(key: str, part: str) -> bool:
    tune = zlib.crc32(key.encode()) % 100 < 40
    return tune if part == "tune" else not tune


def allsides_articles(part: str, dates: bool) -> tuple[list[Article], list[str]]:
    arts, gold = [], []
    for story in allsides_stories():
        if not in_part(str(story["id"]), part):
            continue
        when = parse_published(story["date"]) if dates and story.get("date") else None
        for side, item in sorted((story.get("news") or {}).items()):
            body = [p for p in item.get("newBody") or [] if p.strip()]
            title = (item.get("newsTitle") or "").strip()
            if not body or not title:
                continue
            ident = f"{story['id']}-{side}"
            a = Article(ident, from_text("\n\n".join(body), ident), item.get("newsSource"), title, when)
            arts.append(a)
            gold.append(str(story["id"]))
    return arts, gold


# -------------------------------------------------------------------------- metrics


def bcubed(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    pc, gc = Counter(pred), Counter(gold)
    both = Counter(zip(pred, gold))
    p = sum(both[(a, b)] / pc[a] for a, b in zip(pred, gold)) / len(pred)
    r = sum(both[(a, b)] / gc[b] for a, b in zip(pred, gold)) / len(pred)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score(pred: list[str], gold: list[str]) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score

    p, r, f = bcubed(pred, gold)
    return {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3), "ARI": round(adjusted_rand_score(gold, pred), 3),
            "events": len(set(pred)), "gold": len(set(gold)), "articles": len(pred)}  # fmt: skip


def group(vecs: np.ndarray, t: np.ndarray, threshold: float, lead_marks=None) -> list[str]:
    index = EventIndex(threshold=threshold)
    return index.add(vecs, t, [{"id": str(i)} for i in range(len(vecs))], lead_marks)


OUT = Path(__file__).resolve().parent / "out"


def cached_features(arts: list[Article]) -> tuple[np.ndarray, list]:
    """describe() of the articles, the vectors cached under benchmarks/out/ by a hash of the
    leads (the embedding is the slow part; a changed lead or article list misses the cache)."""
    leads = [lead_text(a) for a in arts]
    key = zlib.crc32("\x00".join(leads).encode())
    path = OUT / f"events-vectors-{len(arts)}-{key:08x}.npy"
    if path.exists():
        vecs = np.load(path)
    else:
        vecs = describe(arts)[0]
        OUT.mkdir(exist_ok=True)
        np.save(path, vecs)
    return vecs, [marks(x) for x in leads]


def tfidf_vectors(arts: list[Article], fit: list[Article]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from storycheck.events.features import lead_text

    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit([lead_text(a) for a in fit])
    x = vec.transform([lead_text(a) for a in arts]).toarray().astype(np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)


def sets(part: str, dates: bool):
    ecb_range = range(1, 21) if part == "tune" else range(21, 46)
    yield "ECB+ sub-topics", *ecb_articles(ecb_range)
    yield "AllSides" + (" (dates)" if dates else ""), *allsides_articles(part, dates)


def grouping(args) -> None:
    from storycheck.events.cluster import DEFAULT_THRESHOLD

    for name, arts, gold in sets(args.part, args.dates):
        (vecs, m), t = cached_features(arts), times(arts)
        tf = tfidf_vectors(arts, arts)
        if args.sweep:
            for th in np.arange(0.30, 0.86, 0.05):
                print(f"{name:22} th={th:.2f} storycheck {score(group(vecs, t, th, m), gold)}  "
                      f"no marks {score(group(vecs, t, th), gold)}  tfidf {score(group(tf, t, th), gold)}")  # fmt: skip
            continue
        print(json.dumps({"set": name, "part": args.part, "threshold": DEFAULT_THRESHOLD,
                          "storycheck": score(group(vecs, t, DEFAULT_THRESHOLD, m), gold),
                          "no_marks": score(group(vecs, t, DEFAULT_THRESHOLD), gold),
                          "tfidf": score(group(tf, t, args.tfidf_threshold), gold)}))  # fmt: skip


def clashes(args) -> None:
    """Pairs of articles whose leads' years clash (both name years, none within a year of
    the other's: cluster.py never groups them), same gold event against other events (ECB+:
    the same topic's other event), counting the years ``features.marks`` keeps and, beside
    it, every year the lead names; with --show, the same-event clashes' years in context."""
    import itertools

    from storycheck.events.cluster import _near
    from storycheck.events.features import _YEAR

    for name, arts, gold in sets(args.part, args.dates):
        leads = [lead_text(a) for a in arts]
        for kind, years in (("marks", [marks(x)[0] for x in leads]),
                            ("every year", [frozenset(_YEAR.findall(x)) for x in leads])):  # fmt: skip
            count = Counter()
            for i, j in itertools.combinations(range(len(arts)), 2):
                if not years[i] or not years[j] or _near(0, years[i]) & years[j]:
                    continue
                if gold[i] == gold[j]:
                    count["same_event"] += 1
                    if args.show and kind == "marks":
                        for k in (i, j):
                            print(f"  {gold[k]} {arts[k].id}: " + " | ".join(
                                leads[k][max(0, m.start() - 50) : m.end() + 15] for m in _YEAR.finditer(leads[k])
                                if m.group() in years[k]))  # fmt: skip
                elif not name.startswith("ECB") or gold[i].split("/")[0] == gold[j].split("/")[0]:
                    count["other_event"] += 1
            print(json.dumps({"set": name, "part": args.part, "years": kind, **count}))


# ----------------------------------------------------------------------- pair choice


class CountingJudge:
    """Wraps the engine's judge to count the (passage, claim) pairs it scores: the cost."""

    def __init__(self, judge) -> None:
        self._judge, self.pairs = judge, 0

    def __getattr__(self, name):
        return getattr(self._judge, name)

    def score(self, pairs):
        pairs = list(pairs)
        self.pairs += len(pairs)
        return self._judge.score(pairs)


def pair_choice(args) -> None:
    """Each article checked against every other article of its (gold) event, and against
    the k that compare.py picks: how many supported/contradicted sentences the choice
    keeps, and how many judged pairs it costs. ECB+ tune topics (not the report part)."""
    import dataclasses
    import random

    from storycheck.events.compare import choose_references
    from storycheck.pipeline import Engine, Options, check

    arts, gold = ecb_articles(range(1, 21))
    by_event: dict[str, list[Article]] = {}
    for a, g in zip(arts, gold):
        by_event.setdefault(g, []).append(a)
    rng = random.Random(15)
    names = sorted(e for e, xs in by_event.items() if len(xs) >= args.per_event)
    rng.shuffle(names)
    base = Engine.default()
    kept = Counter()
    cost = Counter()
    opts = Options(omissions=False, garble=False)
    for name in names[: args.events]:
        members = rng.sample(by_event[name], args.per_event)
        vecs = embed(members)
        chosen = choose_references(members, vecs, args.k)
        for i, a in enumerate(members):
            verdicts = {}
            for mode, refs in (("all", [j for j in range(len(members)) if j != i]), ("chosen", chosen[i])):
                judge = CountingJudge(base.judge)
                rep = check(a.doc, [members[j].doc for j in refs], engine=dataclasses.replace(base, judge=judge),
                            options=opts)  # fmt: skip
                cost[mode] += judge.pairs
                verdicts[mode] = [r.verdict for r in rep.sentences]
            for v_all, v_k in zip(verdicts["all"], verdicts["chosen"]):
                if v_all != "unverified":
                    kept[(v_all, "all")] += 1
                    kept[(v_all, "kept")] += v_k == v_all
        print(f"{name}: {dict(kept)} pairs {dict(cost)}", file=sys.stderr, flush=True)
    out = {"events": min(args.events, len(names)), "articles_per_event": args.per_event, "k": args.k,
           "judged_pairs_all": cost["all"], "judged_pairs_chosen": cost["chosen"]}  # fmt: skip
    for v in ("supported", "contradicted"):
        n = kept[(v, "all")]
        out[f"{v}_all"] = n
        out[f"{v}_kept"] = round(kept[(v, "kept")] / n, 3) if n else None
    print(json.dumps(out))


# ----------------------------------------------------------------------------- scale


class CachedEmbedder:
    """The real embedder, each distinct text embedded once. A synthetic pile repeats its
    pool's ~2,500 leads, so with this the 100k memory run costs minutes of CPU, not an
    hour, while every other step (reading, spooling, grouping) runs as it would. Memory
    only: timings are taken without it (--no-embed-cache)."""

    def __init__(self, embedder) -> None:
        self._embedder, self._seen = embedder, {}

    def encode(self, texts):
        new = [t for t in dict.fromkeys(texts) if t not in self._seen]
        if new:
            self._seen.update(zip(new, self._embedder.encode(new)))
        return np.stack([self._seen[t] for t in texts])


def scale_one(path: Path, keep_text: bool, embed_cache: bool) -> dict:
    """Read, embed and group the pile in ``path`` the way `storycheck events --no-compare`
    does (texts on disk unless keep_text); peak RSS of this process, CPU and wall time."""
    import resource
    import time
    from types import SimpleNamespace

    import storycheck
    from storycheck.evidence import default_embedder

    engine = SimpleNamespace(embedder=CachedEmbedder(default_embedder())) if embed_cache else None
    out = {"path": path.name, "keep_text": keep_text, "embed_cache": embed_cache,
           "load_before": round(os.getloadavg()[0], 2),
           "rss_before_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}  # fmt: skip
    c0, t0 = time.process_time(), time.perf_counter()
    rep = storycheck.events(path, compare=False, engine=engine, keep_text=keep_text)
    out["cpu_s"] = round(time.process_time() - c0, 1)
    out["wall_s"] = round(time.perf_counter() - t0, 1)
    summary = rep.to_dict()["summary"]
    out["articles"], out["events"] = summary["articles"], summary["events"]
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["load_after"] = round(os.getloadavg()[0], 2)
    return out


def synthetic_pile(n: int, seed: int = 0) -> Path:
    """A JSONL pile of n real AllSides/ECB+ articles sampled with replacement, ~1,000
    published a day (written once to benchmarks/out/, streamed, never all in memory)."""
    import random

    path = OUT / f"pile-{n}-{seed}.jsonl"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    rng = random.Random(seed)
    pool = (
        allsides_articles("tune", False)[0]
        + allsides_articles("report", False)[0]
        + ecb_articles(range(1, 46))[0]
    )
    start = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a = rng.choice(pool)
            when = start + rng.uniform(0, max(1.0, n / 1000)) * 86400
            fh.write(json.dumps({"id": f"a{i}", "text": a.doc.text, "title": a.title, "source": a.source,
                                 "published": datetime.fromtimestamp(when, UTC).isoformat()}) + "\n")  # fmt: skip
    tmp.replace(path)
    return path


def throughput(args) -> None:
    """Articles per second through `events` (read + embed + group, and with --compare the
    checks) on the local engine and on a local Ray with 1 and 2 actors; and what a cluster
    would need for one million articles a day at the measured per-article cost."""
    import time

    import storycheck

    feed = synthetic_pile(args.throughput)
    from storycheck.pipeline import Engine, check

    check("Warm-up sentence one.", ["Warm-up sentence one."], engine=Engine.default())  # loads off the clock
    for backend, actors in [("local", 1), ("ray", 1), ("ray", 2)]:
        row = {"backend": backend, "actors": actors, "compare": args.compare}
        if backend == "ray":
            from storycheck.events import distributed

            t = time.perf_counter()
            distributed.init()
            row["ray_startup_s"] = round(time.perf_counter() - t, 2)
        row["load_before"] = round(os.getloadavg()[0], 2)
        c0, t0 = time.process_time(), time.perf_counter()
        rep = storycheck.events(feed, compare=args.compare, backend=backend, actors=actors)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = rep.to_dict()["summary"]["articles"]
        row.update({"articles": n, "wall_s": round(wall, 2), "articles_per_s": round(n / wall, 2),
                    "driver_cpu_s": round(cpu, 2), "load_after": round(os.getloadavg()[0], 2)})  # fmt: skip
        if backend == "local":
            # all the work is in this process: the per-article CPU cost, and the cores
            # one million articles a day would keep 70 % busy
            row["cpu_s_per_article"] = round(cpu / n, 4)
            row["cores_for_1M_a_day_at_70pct"] = round(1e6 * cpu / n / 86400 / 0.7, 1)
        print(json.dumps(row), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=("tune", "report"), default="report")
    ap.add_argument("--sweep", action="store_true", help="print scores for a range of thresholds")
    ap.add_argument("--dates", action="store_true", help="AllSides articles get their story date")
    ap.add_argument(
        "--tfidf-threshold",
        type=float,
        default=0.9,
        help="baseline threshold (tuned on tune: best mean F1 of the two sets)",
    )
    ap.add_argument("--clashes", action="store_true", help="count pairs whose lead years clash")
    ap.add_argument("--show", action="store_true", help="--clashes: print the same-event clashes")
    ap.add_argument("--pairs", action="store_true", help="measure the pair choice of compare.py")
    ap.add_argument("--events", type=int, default=6, help="--pairs: gold events to use")
    ap.add_argument("--per-event", type=int, default=7, help="--pairs: articles per event")
    ap.add_argument("-k", type=int, default=3, help="--pairs: references per article")
    ap.add_argument(
        "--scale", type=int, nargs="*", help="time/memory of read+embed+group for these pile sizes"
    )
    ap.add_argument("--keep-text", action="store_true", help="--scale: texts in memory (the old path)")
    ap.add_argument(
        "--no-embed-cache",
        action="store_true",
        help="--scale: embed every article (for timings; the default embeds each distinct lead once)",
    )
    ap.add_argument("--scale-one", help=argparse.SUPPRESS)
    ap.add_argument(
        "--throughput", type=int, help="local vs Ray (1, 2 actors) on a pile of this many articles"
    )
    ap.add_argument("--compare", action="store_true", help="--throughput: run the checks too")
    args = ap.parse_args()
    if args.scale_one:
        print(
            json.dumps(scale_one(Path(args.scale_one), args.keep_text, not args.no_embed_cache)), flush=True
        )
    elif args.scale:
        import subprocess

        for n in args.scale:  # one process per size, so peak memory is that size's own
            more = ["--keep-text"] * args.keep_text + ["--no-embed-cache"] * args.no_embed_cache
            subprocess.run(
                [sys.executable, __file__, "--scale-one", str(synthetic_pile(n)), *more], check=True
            )
    elif args.throughput:
        throughput(args)
    elif args.clashes:
        clashes(args)
    elif args.pairs:
        pair_choice(args)
    else:
        grouping(args)


if __name__ == "__main__":
    main()
