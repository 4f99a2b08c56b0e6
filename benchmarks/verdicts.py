"""What a speed change does to the verdicts: counts, not timings (safe on a busy machine).

    python benchmarks/verdicts.py --out benchmarks/out/verdicts/after.json
    STORYCHECK_SRC=/tmp/sc-before python benchmarks/verdicts.py --out benchmarks/out/verdicts/before.json
    python benchmarks/verdicts.py --compare benchmarks/out/verdicts/before.json benchmarks/out/verdicts/after.json
    python benchmarks/verdicts.py --batch-drift     # how far batch mates moved embedder vectors

Runs ``check()`` on real news (ECB+ topics 1-10: the first 35 sentences of a topic's ecb
documents against the first 25 of its ecbplus documents, as benchmarks/speed.py does) and
on the fixture tests/fixtures/translation (31 vs 25 sentences), and ``score_pair`` on the
seeded dev samples of judge_eval.py (same loaders, seed and sizes as BENCHMARKS.md's
cascade table). Records every sentence's verdict and scores and how many pairs the judge was
asked. ``--compare`` prints pairs judged, verdicts changed (with the sentences) and binary
balanced accuracy (supported vs the rest) per dev set, before and after.

``STORYCHECK_SRC`` puts another checkout first on sys.path (e.g. a git worktree of the
previous main) so the same script measures the old code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if os.environ.get("STORYCHECK_SRC"):
    sys.path.insert(0, os.environ["STORYCHECK_SRC"])
sys.path.insert(1, str(HERE))

DEV = {"summedits": 200, "qags_cnndm": 150, "qags_xsum": None, "factcheck_bench": 300, "fever_symmetric": 300}
FIX = HERE.parent / "tests" / "fixtures" / "translation"


def news_cases(topics: range) -> dict[str, tuple[str, str]]:
    from _data import ecb_topic
    from speed import first_sentences

    cases = {
        f"ecb{t}": (
            first_sentences(ecb_topic(t, plus=False), 35),
            first_sentences(ecb_topic(t, plus=True), 25),
        )
        for t in topics
        if ecb_topic(t, plus=False) and ecb_topic(t, plus=True)  # some topics lack one kind
    }
    cases["translation"] = (
        (FIX / "article.txt").read_text("utf-8"),
        (FIX / "reference.txt").read_text("utf-8"),
    )
    return cases


def run(args: argparse.Namespace) -> None:
    import storycheck
    from storycheck import Engine, Options, check
    from storycheck.score import score_pair

    engine = Engine.default()
    extra = {k: int(v) if v.isdigit() else float(v) for k, _, v in (x.partition("=") for x in args.set)}
    asked = [0]
    score = engine.judge.score

    def counted(pairs):  # noqa: ANN001, ANN202
        asked[0] += len(pairs)
        return score(pairs)

    engine.judge.score = counted  # type: ignore[method-assign]
    out: dict = {"src": f"{storycheck.__file__} {extra or ''}", "news": {}, "dev": {}}
    for name, (art, ref) in news_cases(range(args.first, args.first + args.topics)).items():
        asked[0] = 0
        rep = check(art, [ref], engine=engine, options=Options(**extra))
        out["news"][name] = {
            "pairs": asked[0],
            "sentences": [[r.sentence.text, r.verdict, round(r.support, 4), round(r.contradiction, 4)]
                          for r in rep.sentences],
        }  # fmt: skip
        print(f"{name}: {len(rep.sentences)} sentences, {asked[0]} pairs", flush=True)
    if not args.no_dev:
        from judge_eval import LOADERS, sample

        opts = Options(garble=False, omissions=False, **extra)
        for name, limit in DEV.items():
            items = sample(LOADERS[name](), limit, 13, False)
            asked[0] = 0
            rows = []
            for it in items:
                s = score_pair(it.document, it.claim, engine, opts)
                rows.append([it.id, it.label, s.verdict, round(s.support, 4)])
            out["dev"][name] = {"pairs": asked[0], "items": rows}
            print(f"{name}: {len(items)} items, {asked[0]} pairs", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out), encoding="utf-8")
    print(f"wrote {args.out}")


def balanced_accuracy(rows: list) -> float:
    pos = [r[2] == "supported" for r in rows if r[1] == 1]
    neg = [r[2] != "supported" for r in rows if r[1] == 0]
    return 50 * (sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg)))


def compare(a_path: str, b_path: str, show: int) -> None:
    a, b = (json.loads(Path(p).read_text("utf-8")) for p in (a_path, b_path))
    print(f"before: {a['src']}\nafter:  {b['src']}")
    print("| case | sentences | pairs before | pairs after | verdicts changed |\n|---|---|---|---|---|")
    total = [0, 0, 0, 0]
    changes = []
    for name in a["news"]:
        sa, sb = a["news"][name]["sentences"], b["news"][name]["sentences"]
        if [s[0] for s in sa] != [s[0] for s in sb]:
            print(f"| {name} | split differs ({len(sa)} vs {len(sb)}) | | | |")
            continue
        ch = [(name, x[0], x[1], y[1], x[2], y[2]) for x, y in zip(sa, sb) if x[1] != y[1]]
        changes += ch
        pa, pb = a["news"][name]["pairs"], b["news"][name]["pairs"]
        total = [total[0] + len(sa), total[1] + pa, total[2] + pb, total[3] + len(ch)]
        print(f"| {name} | {len(sa)} | {pa} | {pb} | {len(ch)} |")
    print(f"| all | {total[0]} | {total[1]} | {total[2]} | {total[3]} |")
    for name, text, va, vb, sa_, sb_ in changes[:show]:
        print(f"  {name}: {va} ({sa_:.2f}) -> {vb} ({sb_:.2f}): {text[:110]!r}")
    if a["dev"]:
        print("\n| dev set | n | BA before | BA after | pairs before | pairs after | verdicts changed |")
        print("|---|---|---|---|---|---|---|")
        for name in a["dev"]:
            ra, rb = a["dev"][name]["items"], b["dev"][name]["items"]
            ch = sum(x[2] != y[2] for x, y in zip(ra, rb))
            print(f"| {name} | {len(ra)} | {balanced_accuracy(ra):.1f} | {balanced_accuracy(rb):.1f} | "
                  f"{a['dev'][name]['pairs']} | {b['dev'][name]['pairs']} | {ch} |")  # fmt: skip


def batch_drift(topics: int) -> None:
    """Largest 1 - cosine between a sentence's vector embedded alone and embedded in
    length-sorted padded batches of 8 (the embedder before this change), over the
    sentences of the news cases."""
    import numpy as np

    from storycheck.evidence import Embedder
    from storycheck.split import split_sentences

    emb8, emb1 = Embedder(batch_size=8), Embedder(batch_size=1)
    worst, n, moved = 0.0, 0, 0
    for name, (art, ref) in news_cases(range(1, topics + 1)).items():
        texts = [s.text for t in (art, ref) for s in split_sentences(t)]
        a, b = emb1.encode(texts), emb8.encode(texts)
        d = 1 - (a * b).sum(1)
        worst, n, moved = max(worst, float(d.max())), n + len(texts), moved + int((d > 1e-3).sum())
        print(f"{name}: {len(texts)} sentences, max 1 - cosine {d.max():.4f}", flush=True)
    print(f"all: {n} sentences; max 1 - cosine {worst:.4f}; {moved} moved by more than 0.001")
    again = emb1.encode(texts[::-1])[::-1]
    print(f"batch 1, same sentences in reverse order: identical = {bool(np.array_equal(again, a))}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(HERE / "out" / "verdicts" / "verdicts.json"))
    ap.add_argument("--topics", type=int, default=10, help="ECB+ topics FIRST .. FIRST + TOPICS - 1")
    ap.add_argument("--first", type=int, default=1, help="first ECB+ topic (11 onwards: not looked at)")
    ap.add_argument("--no-dev", action="store_true")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="OPTION=VALUE",
        help="an Options field for every check, e.g. --set min_similarity=0",
    )
    ap.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--batch-drift", action="store_true")
    ap.add_argument("--show", type=int, default=40, help="changed news sentences to print")
    args = ap.parse_args()
    if args.batch_drift:
        batch_drift(args.topics)
    elif args.compare:
        compare(*args.compare, args.show)
    else:
        run(args)


if __name__ == "__main__":
    main()
