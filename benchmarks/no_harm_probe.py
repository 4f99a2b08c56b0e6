"""How often does the harm-denial check (``checks.casualty_mismatch``) fire on honest coverage?

Every check the trust benchmark can build from ../shared (ECB+ both samples, AllSides three
sides, NeuS leads / summaries / titles, the raw crawl's summaries and titles) whose references
hold a no-harm sentence ("No one was hurt", "no casualties") is run through ``check()``; every
negation flag that quotes such a sentence is printed as one JSON line, to be read.

    HF_HUB_OFFLINE=1 PYTHONPATH=. python benchmarks/no_harm_probe.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "benchmarks"))

import trust  # noqa: E402


def all_checks() -> list[tuple[str, dict]]:
    out = [("ecb", e) for off in (0, 4) for e in trust.ecb_events(off)]
    out += [("allsides", e) for off in (0, 1, 2) for e in trust.allsides_events(off)]
    for claims in ("lead", "summary", "title"):
        out += [(f"neus-{claims}", e) for e in trust.neus_events(claims)]
        if claims != "lead":
            out += [
                (f"raw-{claims}", e) for s in trust.allsides_stories() for e in trust.story_checks(s, claims)
            ]
    return out


def main() -> None:
    from storycheck import Engine, check, checks
    from storycheck.types import Document

    every = all_checks()
    chosen = [(k, e) for k, e in every if any(checks._NO_HARM.search(t) for _, t in e["refs"])]
    engine = Engine.default()
    sentences = fired = 0
    for kind, e in chosen:
        refs = [Document(t, n) for n, t in e["refs"]]
        rep = check(Document(e["article"][1], e["article"][0]), refs, engine=engine)
        sentences += len(rep.sentences)
        for r in rep.sentences:
            for f in r.flags:
                if f.kind == "negation" and checks._NO_HARM.search(f.message):
                    fired += 1
                    ev = r.evidence[0].text if r.evidence else ""
                    rec = {"corpus": kind, "event": e["event"], "verdict": r.verdict, "claim": r.sentence.text,
                           "flag": f.message, "evidence": ev}  # fmt: skip
                    print(json.dumps(rec, ensure_ascii=False))
    print(f"{len(every)} checks; {len(chosen)} with a no-harm sentence in a reference; "
          f"{sentences} sentences checked; {fired} harm-denial flags", file=sys.stderr)  # fmt: skip


if __name__ == "__main__":
    main()
