"""Compare the coverage within one event: check articles against each other with the
ordinary ``check()``, then sum up what the outlets share and where they part.

Pairs: checking every article against every other costs n*(n-1) checks per event, so
each article is checked against its ``k`` (default 3) most similar other articles
(cosine of the grouping vectors), other outlets before the article's own outlet (an
outlet agreeing with itself says little). Cost grows as n*k, not n^2; what that choice
loses against checking all pairs is measured in BENCHMARKS.md (Events, pair choice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import StorycheckError
from ..report import Report
from .records import Article

MISMATCH_KINDS = frozenset({"number_mismatch", "date_mismatch", "name_mismatch", "negation"})
MIN_WORDS = 5  # shorter lines (credits, datelines, "Watch:") are not statements


def choose_references(articles: Sequence[Article], vectors: np.ndarray, k: int = 3) -> list[list[int]]:
    """For each article, the positions of the articles it is checked against."""
    vectors = vectors.astype(np.float32)
    sims = vectors @ vectors.T
    out = []
    for i, a in enumerate(articles):
        others = [j for j in range(len(articles)) if j != i]
        # other outlets first, then the most similar; input order breaks ties
        others.sort(key=lambda j: (articles[j].outlet == a.outlet, -float(sims[i, j]), j))
        out.append(others[:k])
    return out


@dataclass
class Comparison:
    """The checks run within one event."""

    references: dict[str, list[str]] = field(default_factory=dict)  # article id -> ids checked against
    reports: dict[str, Report] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # article id -> why its check failed


def compare_event(
    articles: Sequence[Article],
    vectors: np.ndarray,
    engine: Any,
    options: Any = None,
    k: int = 3,
    on_check: Callable[[], None] | None = None,
) -> Comparison:
    from ..pipeline import Options, check

    options = options or Options(omissions=False)
    comp = Comparison()
    if len(articles) < 2:
        return comp
    docs = [a.doc for a in articles]  # read back once per event when the texts are on disk
    for i, refs in enumerate(choose_references(articles, vectors, k)):
        a = articles[i]
        comp.references[a.id] = [articles[j].id for j in refs]
        try:
            comp.reports[a.id] = check(docs[i], [docs[j] for j in refs], engine=engine, options=options)
        except StorycheckError as exc:
            comp.errors[a.id] = str(exc)
        if on_check:
            on_check()
    return comp


def _contradicted_in(report: Report | None, start: int, end: int) -> bool:
    return report is not None and any(
        r.verdict == "contradicted" and r.sentence.start < end and start < r.sentence.end
        for r in report.sentences
    )


def _statement(text: str) -> bool:
    """A whole sentence: five words or more, not cut off ("Slowed population growth is a...")."""
    t = text.rstrip()
    return len(t.split()) >= MIN_WORDS and not t.endswith(("...", "…"))


def summarise(
    articles: Sequence[Article], comp: Comparison, support_threshold: float, contradiction_threshold: float
) -> dict[str, Any]:
    """Statements most outlets carry, those only one carries, disagreements, garbled text."""
    by_id = {a.id: a for a in articles}
    reports = comp.reports
    # (article id, sentence index) already shown as part of an earlier statement
    covered: set[tuple[str, int]] = set()

    def cover(article_id: str, start: int, end: int) -> None:
        rep = reports.get(article_id)
        if rep is None:
            return
        for r in rep.sentences:
            if r.sentence.start < end and start < r.sentence.end:
                covered.add((article_id, r.sentence.index))

    def span(article_id: str, start: int, end: int, text: str, **more: Any) -> dict[str, Any]:
        return {"article": article_id, "outlet": by_id[article_id].outlet, "start": start, "end": end,
                "text": text, **more}  # fmt: skip

    carried = []
    single = []
    disagreements = []
    for a in articles:
        rep = reports.get(a.id)
        if rep is None:
            continue
        refs = comp.references[a.id]
        for r in rep.sentences:
            if not _statement(r.sentence.text):
                continue
            if r.verdict == "supported":
                backing = [e for e in r.evidence if e.support >= support_threshold]
                outlets = {a.outlet} | {by_id[refs[e.source]].outlet for e in backing}
                carried.append((a, r, backing, outlets))
            elif r.verdict == "unverified":
                single.append(
                    (a.id, r.sentence.index, span(a.id, r.sentence.start, r.sentence.end, r.sentence.text))
                )
            else:
                against = [e for e in r.evidence if e.contradiction >= contradiction_threshold]
                disagreements.append((a, r, against))

    common = []
    for a, r, backing, outlets in sorted(
        carried, key=lambda t: (-len(t[3]), t[0].order, t[1].sentence.index)
    ):
        if (a.id, r.sentence.index) in covered or len(outlets) < 2:
            continue
        covered.add((a.id, r.sentence.index))
        also = []
        for e in backing:
            rid = comp.references[a.id][e.source]
            cover(rid, e.start, e.end)
            also.append(span(rid, e.start, e.end, e.text, support=round(e.support, 4)))
        common.append({**span(a.id, r.sentence.start, r.sentence.end, r.sentence.text),
                       "outlets": sorted(outlets), "also": also})  # fmt: skip

    disputes = []
    seen: set[tuple[str, int]] = set()
    for a, r, against in disagreements:
        if (a.id, r.sentence.index) in seen:
            continue
        refs = comp.references[a.id]
        flags = [f for f in r.flags if f.kind in MISMATCH_KINDS]
        if not flags and (a.id, r.sentence.index) in covered:
            # the model alone calls it a contradiction, yet another outlet's check found the
            # same sentence supported: not a disagreement an editor should chase
            continue
        if not flags and not any(
            _contradicted_in(reports.get(refs[e.source]), e.start, e.end) for e in against
        ):
            # model-only and one-sided: the other article's own check does not find the
            # clash; on the fixtures these were paraphrases ("ferries stopped running")
            continue
        # A mismatch flag names the reference it disagrees with: that article is the other side.
        named = {f.source for f in flags if f.source is not None}
        sides = [e for e in r.evidence if e.source in named] or against
        best: dict[int, Any] = {}
        for e in sides:
            if e.source not in best or e.contradiction > best[e.source].contradiction:
                best[e.source] = e
        others = []
        for e in best.values():
            rid = refs[e.source]
            others.append(span(rid, e.start, e.end, e.text, contradiction=round(e.contradiction, 4)))
            rep = reports.get(rid)
            for s in rep.sentences if rep else ():
                if s.sentence.start < e.end and e.start < s.sentence.end:
                    seen.add((rid, s.sentence.index))  # the same dispute seen from the other side
        backing = [
            refs[e.source] for e in r.evidence if e.support >= support_threshold and e.source not in best
        ]
        disputes.append({**span(a.id, r.sentence.start, r.sentence.end, r.sentence.text),
                         "contradiction": round(r.contradiction, 4),
                         "with": sorted({by_id[x].outlet for x in backing}),
                         "against": others,
                         "flags": [{"kind": f.kind, "text": f.text, "message": f.message} for f in flags]})  # fmt: skip
    disputes.sort(key=lambda d: (not d["flags"], -d["contradiction"]))

    garbled = []
    for a in articles:
        rep = reports.get(a.id)
        flags = [
            {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text, "message": f.message}
            for r in (rep.sentences if rep else ())
            for f in sorted(r.flags, key=lambda f: f.start)
            if f.kind not in MISMATCH_KINDS
        ]
        if flags:
            garbled.append({"article": a.id, "outlet": a.outlet, "flags": flags})
    # an unsupported sentence that another article's check found support for is not single
    single_out = [s for aid, idx, s in single if (aid, idx) not in covered]
    return {"common": common, "single": single_out, "disagreements": disputes, "garbled": garbled}
