"""Human renderings of a report dict: terminal text (rich) and one standalone HTML file.

Both work from the JSON form (``Report.to_dict()``), so a stored report renders the
same way as a fresh one. Every piece of input text is escaped.
"""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

COLOURS = {"supported": "green", "contradicted": "red", "unverified": "yellow"}
MARKS = {"supported": "✔", "contradicted": "✘", "unverified": "?"}


def _source_name(report: dict[str, Any], i: int) -> str:
    return report["sources"][i]["name"] if 0 <= i < len(report["sources"]) else f"source {i}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_text(report: dict[str, Any], width: int = 100, color: bool = True) -> str:
    from rich.console import Console
    from rich.markup import escape

    buf = io.StringIO()
    con = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                  highlight=False, emoji=False)  # fmt: skip
    s = report["summary"]
    con.print(
        f"[bold]{escape(report['article']['name'])}[/] against "
        + ", ".join(escape(x["name"]) for x in report["sources"])
    )
    con.print(
        f"[green]{s['supported']} supported[/]  [red]{s['contradicted']} contradicted[/]  "
        f"[yellow]{s['unverified']} unverified[/]  {s['flags']} flags\n"
    )
    from rich.table import Table

    # A grid keeps wrapped lines indented under their sentence.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for sent in report["sentences"]:
        v = sent["verdict"]
        c = COLOURS[v]
        lines = [escape(_one_line(sent["text"]))]
        if sent["evidence"] and v != "unverified":
            e = sent["evidence"][0]
            lines.append(
                f"[dim]{escape(_source_name(report, e['source']))}: {escape(_one_line(e['text']))}[/]"
            )
        lines += [f"[magenta]⚑ {f['kind']}[/]: {escape(f['message'])}" for f in sent["flags"]]
        grid.add_row(f"[{c}]{MARKS[v]} {sent['index'] + 1:>3} {v:<12}[/]", "\n".join(lines))
    con.print(grid)
    if report["omissions"]:
        con.print("\n[bold]Left out (in the references, not in the article):[/]")
        for o in report["omissions"]:
            con.print(
                f"  • {escape(_one_line(o['text']))} [dim]({escape(_source_name(report, o['source']))})[/]"
            )
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


# The page's own renderer and style (storycheck/server/static, package data), inlined so
# the download is one file that looks and works like the page.
_STATIC = Path(__file__).parent / "server" / "static"


def _static(name: str) -> str:
    return (_STATIC / name).read_text(encoding="utf-8")


def _article_html(report: dict[str, Any], text: str) -> str:
    """The article with each sentence wrapped by verdict and flags underlined.

    Works on offsets into ``text``; text outside sentences (whitespace) is kept, with
    blank lines turned into paragraph breaks."""
    out: list[str] = []
    pos = 0

    def gap(a: int, b: int) -> None:
        out.append(html.escape(text[a:b]).replace("\n\n", "</p><p>").replace("\n", "<br>"))

    for sent in report["sentences"]:
        gap(pos, sent["start"])
        parts, cur = [], sent["start"]
        for f in sorted(sent["flags"], key=lambda f: f["start"]):
            if f["start"] < cur:
                continue  # overlapping flags: underline the first
            parts.append(html.escape(text[cur : f["start"]]))
            parts.append(
                f'<span class="flag" title="{html.escape(f["kind"] + ": " + f["message"])}">'
                f"{html.escape(text[f['start'] : f['end']])}</span>"
            )
            cur = f["end"]
        parts.append(html.escape(text[cur : sent["end"]]))
        v = sent["verdict"]
        out.append(
            f'<span class="s {v}" tabindex="0" role="button" data-i="{sent["index"]}" '
            f'title="{v}">{"".join(parts)}</span>'
        )
        pos = sent["end"]
    gap(pos, len(text))
    return "<p>" + "".join(out) + "</p>"


def render_html(report: dict[str, Any], article_text: str) -> str:
    """One standalone HTML file: the page's report view (static/report.js and style.css
    inlined) over the embedded report JSON. Without JavaScript a plain rendering of the
    article, the summary and the omissions shows instead."""
    s = report["summary"]
    title = html.escape(report["article"]["name"])
    omissions = (
        "".join(
            f"<li>{html.escape(o['text'])} <span class='muted'>({html.escape(_source_name(report, o['source']))})</span></li>"
            for o in report["omissions"]
        )
        or "<li>Nothing: the article covers what the references say.</li>"
    )
    # JSON inside <script>: every "<" escaped, so input text can neither close the element
    # ("</script>") nor start a comment state ("<!--"). "<" only occurs inside JSON strings.
    data = json.dumps({"report": report, "text": article_text}, ensure_ascii=False).replace("<", "\\u003c")
    sources = ", ".join(html.escape(x["name"]) for x in report["sources"]) or "no references"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="storycheck">
<title>storycheck: {title}</title><style>{_static("style.css")}</style></head>
<body>
<header class="top"><h1>storycheck</h1><p class="tag">A saved report ({html.escape(report.get("schema", ""))}).</p></header>
<main id="main"><section id="result"><div id="report">
<noscript>
<h2>Checked: {title}</h2>
<p class="muted">Against {sources}. (Turn on JavaScript to see each sentence's evidence.)</p>
<p class="summary"><span class="chip supported">{s["supported"]} supported</span> <span class="chip contradicted">{s["contradicted"]} contradicted</span> <span class="chip unverified">{s["unverified"]} unverified</span> <span class="chip flags">{s["flags"]} flags</span></p>
<article id="article" class="article">{_article_html(report, article_text)}</article>
<section class="omissions"><h3>Left out</h3><ul id="omissions">{omissions}</ul></section>
</noscript>
</div></section></main>
<script type="application/json" id="data">{data}</script>
<script>{_static("report.js")}</script>
<script>
const D = JSON.parse(document.getElementById("data").textContent);
renderReport(document.getElementById("report"), D.report, D.text);
</script>
</body></html>
"""
