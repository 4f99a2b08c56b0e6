"""Does the judge read two spellings of one statement as the same? Written pairs (one
statement, two spellings: abbreviations, contractions, quote marks, numbers, "nobody" /
"no one", attribution order), scored both ways by the judge alone. A pair passes when both
directions reach the support threshold.

    HF_HUB_OFFLINE=1 PYTHONPATH=. python benchmarks/invariance.py          # as shipped
    HF_HUB_OFFLINE=1 PYTHONPATH=. python benchmarks/invariance.py --raw    # without judge.model_text
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAIRS: dict[str, list[tuple[str, str]]] = {
    "country abbreviation": [
        (
            "The United States sent 1,000 troops to the border on Tuesday.",
            "The U.S. sent 1,000 troops to the border on Tuesday.",
        ),
        (
            "The United States sent 1,000 troops to the border on Tuesday.",
            "The US sent 1,000 troops to the border on Tuesday.",
        ),
        ("Exports from the United Kingdom fell in June.", "Exports from the UK fell in June."),
        ("The United Nations called for a ceasefire.", "The U.N. called for a ceasefire."),
        ("The European Union fined the bank 200 million euros.", "The EU fined the bank 200 million euros."),
        (
            "U.S. officials met their Chinese counterparts in Geneva.",
            "US officials met their Chinese counterparts in Geneva.",
        ),
    ],
    "dotted acronym": [
        ("The F.B.I. arrested two men on Monday.", "The FBI arrested two men on Monday."),
        ("The C.E.O. resigned after the audit.", "The CEO resigned after the audit."),
        ("The N.F.L. suspended the player for four games.", "The NFL suspended the player for four games."),
    ],
    "contraction": [
        ('"We won\'t back down," she said.', '"We will not back down," she said.'),
        ("The minister didn't attend the summit.", "The minister did not attend the summit."),
        ("The company can't pay its debts.", "The company cannot pay its debts."),
        ("The mayor wasn't told about the leak.", "The mayor was not told about the leak."),
        ("Officials haven't found the cause of the fire.", "Officials have not found the cause of the fire."),
    ],
    "quote marks": [
        ('"We will not back down," she said.', "“We will not back down,” she said."),
        ('He called the plan "reckless".', "He called the plan “reckless”."),
        ("The company's profit fell 20 percent.", "The company’s profit fell 20 percent."),
    ],
    "nobody / no one": [
        ("No one was hurt in the fire at the depot.", "Nobody was hurt in the fire at the depot."),
        ("Police said no one had been arrested.", "Police said nobody had been arrested."),
    ],
    "numbers and units": [
        ("The city hired 1,000 workers.", "The city hired one thousand workers."),
        ("Three people died in the crash.", "3 people died in the crash."),
        ("The storm killed 12 people.", "The storm killed twelve people."),
        ("Unemployment rose to 5 percent in May.", "Unemployment rose to 5% in May."),
        ("Unemployment rose to 5 per cent in May.", "Unemployment rose to 5 percent in May."),
        ("The fire was put out at 3 p.m.", "The fire was put out at 3pm."),
        ("The team won 3-2.", "The team won 3–2."),
        ('"I\'m not leaving," she said.', '"I am not leaving," she said.'),
    ],
    "month abbreviation": [
        ("The vote is set for Sept. 14.", "The vote is set for September 14."),
        ("The plant closed on Aug. 3, 2019.", "The plant closed on August 3, 2019."),
        ("The storm hit the coast on Oct. 29.", "The storm hit the coast on October 29."),
    ],
    "currency": [
        ("The company lost $1.2 billion last year.", "The company lost $1.2bn last year."),
        ("The company lost $1.2 billion last year.", "The company lost US$1.2 billion last year."),
    ],
    "names and order": [
        ("Mr. Smith resigned on Friday.", "Mr Smith resigned on Friday."),
        ("John Smith resigned on Friday.", "Smith resigned on Friday."),
        ("The talks ended on Tuesday, officials said.", "Officials said the talks ended on Tuesday."),
        ("Nothing was stolen from the house.", "No items were stolen from the house."),
    ],
}

# Not spellings but other words for one country, so `model_text` cannot make them one: left for
# the model, and measured so that a next judge can be compared (written 2026-12-04 evening).
OTHER_WORDS: dict[str, list[tuple[str, str]]] = {
    "a country in other words": [
        ("American troops crossed into the province on Monday.", "U.S. troops crossed into the province on Monday."),
        ("U.S. stocks rose on Wednesday.", "American stocks rose on Wednesday."),
        ("A US court sentenced the hacker to ten years in prison.", "An American court sentenced the hacker to ten years in prison."),
        ("The American team won the final.", "The U.S. team won the final."),
        ("The British government announced new sanctions on Tuesday.", "The UK government announced new sanctions on Tuesday."),
        ("Britain's economy shrank in the second quarter.", "The UK economy shrank in the second quarter."),
        ("The UK's Foreign Office summoned the ambassador.", "Britain's Foreign Office summoned the ambassador."),
        ("Britain will leave the bloc next year.", "The U.K. will leave the bloc next year."),
        ("British protesters dumped paint outside the Russian embassy.", "U.K. protesters dumped paint outside the Russian embassy."),
    ],
}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", action="store_true", help="show the model the text as written")
    args = ap.parse_args()
    from storycheck import judge as judge_mod

    if args.raw:
        judge_mod.model_text = lambda text: text  # the judge looks it up at call time
    j = judge_mod.OnnxJudge()
    t = j.support_threshold
    total = passed = 0
    print("| kind | pairs | both ways supported | lowest support | highest contradiction |")
    print("|---|---|---|---|---|")
    for group in (PAIRS, OTHER_WORDS):
        if group is OTHER_WORDS:  # the spellings' total once, before the other words
            print(f"| **all spellings** | {total} | **{passed}** | | |")
        for kind, pairs in group.items():
            scores = j.score([p for a, b in pairs for p in ((a, b), (b, a))])
            ok = sum(min(scores[2 * k].support, scores[2 * k + 1].support) >= t for k in range(len(pairs)))
            total, passed = total + len(pairs), passed + ok
            low = min(s.support for s in scores)
            high = max(s.contradiction for s in scores)
            print(f"| {kind} | {len(pairs)} | {ok} | {low:.2f} | {high:.2f} |")
    print(f"| **all** | {total} | **{passed}** | | |")


if __name__ == "__main__":
    main()
