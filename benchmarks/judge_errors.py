"""Show why the judge got items wrong: retrieved passages, judge probabilities, check flags.

    python benchmarks/judge_errors.py summedits [--n 10] [--kind fn|fp|all] [--seed 1]

Reads benchmarks/out/judge_eval/NAME.{in,joined}.jsonl written by judge_eval.py, picks a
seeded sample of failures (fn = gold supported but not passed, fp = gold not supported but
passed) and re-runs the same steps as ``storycheck score`` (storycheck.score.score_pair)
in-process, printing the evidence behind each claim sentence. For error analysis only: the
figures come from judge_eval.py.
"""

from __future__ import annotations

import argparse
import json
import random
import textwrap
from pathlib import Path

from storycheck.evidence import ReferenceIndex
from storycheck.pipeline import Engine, Options, judge_claims
from storycheck.read import from_text
from storycheck.split import split_sentences

OUT = Path(__file__).resolve().parent / "out" / "judge_eval"


def explain(document: str | list[str], claim: str, engine: Engine, k: int) -> None:
    opts = Options(garble=False, omissions=False)
    docs = [document] if isinstance(document, str) else document
    refs = [from_text(d, f"document {i + 1}") for i, d in enumerate(docs) if d.strip()]
    claims = split_sentences(from_text(claim, "claim").text)
    ref_sents = [split_sentences(r.text) for r in refs]
    vecs = engine.embedder.encode([c.text for c in claims] + [s.text for rs in ref_sents for s in rs])
    ref_vecs, pos = [], len(claims)
    for rs in ref_sents:
        ref_vecs.append(vecs[pos : pos + len(rs)])
        pos += len(rs)
    index = ReferenceIndex.build(refs, ref_sents, ref_vecs)
    for c, r in zip(
        claims, judge_claims(claims, vecs[: len(claims)], index, refs, engine, opts), strict=True
    ):
        print(f"  CLAIM [{r.verdict} s={r.support:.2f} c={r.contradiction:.2f}] {c.text}")
        for f in r.flags:
            print(f"    flag {f.kind}: {f.message}")
        # all retrieved candidates with the raw judge output, not only the chosen evidence
        cands = index.search(c.text, vecs[claims.index(c)], k=k)
        js = engine.judge.score([(cd.passage.text, c.text) for cd in cands])
        for cd, j in zip(cands, js, strict=True):
            txt = textwrap.shorten(cd.passage.text, 300)
            print(f"    cand ret={cd.score:.2f} sup={j.support:.2f} con={j.contradiction:.2f}: {txt}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("name")
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--kind", choices=["fn", "fp", "all"], default="all")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--group", default=None, help="only items of this group (e.g. a DEMETR type)")
    ap.add_argument("--doc-chars", type=int, default=0, help="also print the first N chars of the document")
    args = ap.parse_args()
    ins = [json.loads(x) for x in (OUT / f"{args.name}.in.jsonl").open(encoding="utf-8")]
    joined = [json.loads(x) for x in (OUT / f"{args.name}.joined.jsonl").open(encoding="utf-8")]
    by_id = {r["id"]: r for r in ins}
    bad = []
    for j in joined:
        if "error" in j or (args.group and j["group"] != args.group):
            continue
        passed = j["verdict"] == "supported"
        if j["label"] == 1 and not passed and args.kind in ("fn", "all"):
            bad.append(j)
        if j["label"] == 0 and passed and args.kind in ("fp", "all"):
            bad.append(j)
    print(f"{len(bad)} failures of kind {args.kind}; showing {min(args.n, len(bad))}")
    engine = Engine.default()
    for j in random.Random(args.seed).sample(bad, min(args.n, len(bad))):
        item = by_id[j["id"]]
        doc = item["document"]
        size = len(doc) if isinstance(doc, str) else sum(map(len, doc))
        print(f"\n== {j['id']} gold={'supported' if j['label'] else 'not'} ({j['gold3'] or j['group']}) "
              f"got {j['verdict']} s={j['support']} c={j['contradiction']}; document {size} chars")  # fmt: skip
        if args.doc_chars:
            print(
                "  DOC:", textwrap.shorten(doc if isinstance(doc, str) else " | ".join(doc), args.doc_chars)
            )
        explain(doc, item["claim"], engine, k=3)


if __name__ == "__main__":
    main()
