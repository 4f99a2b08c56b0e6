"""The written news contradiction set through the real ``check()``: right or wrong per item and per kind.

    python benchmarks/news_set.py [--json OUT]

tests/fixtures/news_set/ holds one report we wrote (reference.txt) and claims rewritten from it
(claims.json): faithful paraphrases, re-attributed quotes, other details, conditionals (all must not
be contradicted; paraphrases and quotes must be supported) and one kind of contradiction each:
changed figure, place, day, negation, opposite predicate, swapped role, an event that did not happen.
Each claim is checked as a one-sentence article against the report. No dataset text is involved.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "news_set"


def load() -> tuple[str, list[dict]]:
    return (HERE / "reference.txt").read_text(encoding="utf-8"), json.loads(
        (HERE / "claims.json").read_text(encoding="utf-8")
    )


def run(engine=None) -> list[dict]:
    from storycheck.pipeline import Engine, check

    reference, items = load()
    engine = engine or Engine.default()
    out = []
    for item in items:
        rep = check(item["claim"], [reference], engine=engine)
        res = rep.sentences
        verdicts = [r.verdict for r in res]
        # A one-sentence claim may split in two (quote + attribution): the claim's verdict is the worst one.
        verdict = next(
            (v for v in ("contradicted", "unverified", "supported") if v in verdicts), "unverified"
        )
        best = max(res, key=lambda r: max(r.support, r.contradiction))
        out.append(
            {
                **item,
                "got": verdict,
                "support": round(best.support, 3),
                "contradiction": round(best.contradiction, 3),
                "flags": [f.kind for r in res for f in r.flags],
            }
        )
    return out


def clean_opposites(topics: range) -> None:
    """The opposite-word check alone on honest same-event news: every ECB+ sentence against the
    closest sentence of each other article of its sub-topic. Prints every flag, to be read."""
    from _data import ECB, ecb_sentences

    from storycheck.checks import opposite_mismatch

    pairs = fired = 0
    for t in topics:
        for plus in (False, True):
            docs = [p for p in sorted((ECB / str(t)).glob("*.xml")) if p.name.endswith("ecbplus.xml") == plus]
            texts = [ecb_sentences(p) for p in docs]
            for a, sa in enumerate(texts):
                for b, sb in enumerate(texts):
                    if a == b:
                        continue
                    evidence = " ".join(sb)
                    for claim in sa:
                        pairs += 1
                        for f in opposite_mismatch(claim, evidence, 0, docs[b].name):
                            fired += 1
                            print(f"{docs[a].name}: {claim}\n    {f.message}")
    print(f"\n{fired} opposite flags on {pairs} sentence-vs-article pairs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="write per-item results here")
    ap.add_argument(
        "--clean",
        type=int,
        nargs=2,
        metavar=("FIRST", "LAST"),
        help="instead: the opposite-word check on ECB+ topics FIRST..LAST (no model)",
    )
    args = ap.parse_args()
    if args.clean:
        clean_opposites(range(args.clean[0], args.clean[1] + 1))
        return
    rows = run()
    right, total = Counter(), Counter()
    for r in rows:
        total[r["kind"]] += 1
        right[r["kind"]] += r["got"] == r["expected"]
        mark = "ok " if r["got"] == r["expected"] else "BAD"
        print(
            f"{mark} {r['kind']:<19} want {r['expected']:<12} got {r['got']:<12} "
            f"s={r['support']:.2f} c={r['contradiction']:.2f} {','.join(r['flags'])}  {r['claim'][:70]}"
        )
    print()
    for k in total:
        print(f"{k:<19} {right[k]}/{total[k]}")
    print(f"{'all':<19} {sum(right.values())}/{sum(total.values())}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
