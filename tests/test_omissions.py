"""The "Left out" list holds news the article did not carry, never bylines or credits."""

from __future__ import annotations

import pytest

from storycheck import check
from storycheck.omissions import is_credit

CREDITS = [
    "By Ada Quill and Tom Berne",
    "By JANE DOE, Associated Press",
    "BY Mark Smith | Reuters",
    "(Reporting by Jane Doe in London; Editing by Bill Berkrot)",
    "Additional reporting by Tom Smith in Paris.",
    "Reporting by Ana Ruiz; Writing by Tim Cole; Editing by Sam Hill",
    "Photo credit: Getty Images",
    "© 2024 The Coast Wire. All rights reserved.",
    "Contributing: Mark Webber, USA TODAY",
]
NEWS = [
    "By Tuesday, the council had voted to close the bridge.",
    "By the end of the week, 300 people had crossed.",
    "By March the bridge was open again.",
    "Reporting from the scene, she said the bridge was closed.",
    "The police said the photo was taken in March.",
]


@pytest.mark.parametrize("line", CREDITS)
def test_credit_lines(line: str) -> None:
    assert is_credit(line)


@pytest.mark.parametrize("line", NEWS)
def test_news_that_starts_like_a_credit(line: str) -> None:
    assert not is_credit(line)


def test_omissions_leave_out_bylines_and_credits() -> None:
    article = (
        "The Harbor Bridge reopened to traffic on Thursday after three weeks of repairs.\n"
        "Engineers replaced the damaged cables on the northern span."
    )
    reference = (
        "Bridge reopens\nBy Ada Quill and Tom Berne, Coast Wire\n\n"
        "The Harbor Bridge reopened to traffic on Thursday after three weeks of repairs. "
        "Engineers replaced the damaged cables on the northern span. "
        "Ferry operators expect fewer passengers on the river this summer.\n"
        "(Reporting by Jane Doe in London; Editing by Bill Berkrot)\n"
        "Additional reporting by Tom Smith and Lena Ortiz in Portvale.\n"
        "Staff writer Omar Castellanos of CoastWire.com contributed to this report.\n"
        "READ MORE: Ferry operators brace for a quiet summer on the river after the closure"
    )
    left_out = [o.text for o in check(article, [reference]).omissions]
    assert any("Ferry operators expect" in t for t in left_out)  # real news the article lacks
    assert not any("Reporting by" in t or "Ada Quill" in t or "reporting by" in t for t in left_out), left_out
    # a credit with a web address and a pointer to another story are not news left out
    assert not any("Castellanos" in t or "READ MORE" in t for t in left_out), left_out
