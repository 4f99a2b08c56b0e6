"""Report stage: the result of one check, and its JSON / text / HTML renderings.

JSON schema ``storycheck.report/1`` (README "Report format"). Every span's offsets
index the text that was read: ``article.text[start:end] == text`` for sentences and
flags, ``sources[i].text[start:end] == text`` for evidence and omissions.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from .types import Document, Omission, SentenceResult

SCHEMA = "storycheck.report/1"


def _r(x: float) -> float:
    return round(float(x), 4)


@dataclass
class Report:
    article: Document
    sources: list[Document]
    sentences: list[SentenceResult]
    omissions: list[Omission]
    # Notes for the user (e.g. non-English text checked anyway); not part of the JSON schema.
    warnings: list[str] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(r.verdict for r in self.sentences)
        return {
            "supported": counts["supported"],
            "contradicted": counts["contradicted"],
            "unverified": counts["unverified"],
            "flags": sum(len(r.flags) for r in self.sentences),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": {"name": self.article.name, "chars": len(self.article.text)},
            "sources": [{"id": i, "name": d.name, "chars": len(d.text)} for i, d in enumerate(self.sources)],
            "sentences": [
                {
                    "index": r.sentence.index,
                    "start": r.sentence.start,
                    "end": r.sentence.end,
                    "text": r.sentence.text,
                    "verdict": r.verdict,
                    "support": _r(r.support),
                    "contradiction": _r(r.contradiction),
                    "evidence": [
                        {
                            "source": e.source,
                            "start": e.start,
                            "end": e.end,
                            "text": e.text,
                            "support": _r(e.support),
                            "contradiction": _r(e.contradiction),
                        }
                        for e in r.evidence
                    ],  # fmt: skip
                    "flags": [
                        {
                            "kind": f.kind,
                            "start": f.start,
                            "end": f.end,
                            "text": f.text,
                            "message": f.message,
                            "source": f.source,
                        }
                        for f in sorted(r.flags, key=lambda f: (f.start, f.end))
                    ],  # fmt: skip
                }
                for r in self.sentences
            ],
            "omissions": [asdict(o) for o in self.omissions],
            "summary": self.summary,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self) -> str:
        from .render import render_html

        return render_html(self.to_dict(), self.article.text)

    def to_text(self, width: int = 100, color: bool = False) -> str:
        from .render import render_text

        return render_text(self.to_dict(), width=width, color=color)


__all__ = ["Report", "SCHEMA"]
