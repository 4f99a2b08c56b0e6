"""Human renderings of an events report dict: terminal text and one standalone HTML file
with one page per event (CSS ``:target``, no script, nothing fetched). Every piece of
input text is escaped."""

from __future__ import annotations

import html
import io
from typing import Any

SHOW = 10  # statements listed per section before "and N more"


def _e(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _one(text: str) -> str:
    return " ".join(str(text).split())


def render_text(report: dict[str, Any], width: int = 100, color: bool = False) -> str:
    from rich.console import Console
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    buf = io.StringIO()
    con = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                  highlight=False, emoji=False)  # fmt: skip

    def put(indent: int, markup: str) -> None:
        # a wrapped line continues under its own indent, as in `check`'s report
        con.print(Padding(Text.from_markup(markup), (0, 0, 0, indent)))

    s = report["summary"]
    con.print(f"[bold]{s['articles']} articles, {s['events']} events[/] ({s['compared_events']} compared, "
              f"{s['skipped']} skipped)\n")  # fmt: skip
    for ev in report["events"]:
        n = len(ev["articles"])
        con.print(f"[bold]{escape(ev['id'])}  {escape(ev['title'] or '(untitled)')}[/]  "
                  f"[dim]{n} article{'s' * (n != 1)}; {escape(', '.join(ev['outlets']))}[/]")  # fmt: skip
        for st in ev["common"][:3]:
            put(2, f"[green]shared by {len(st['outlets'])}[/]: {escape(_one(st['text']))}")
        for d in ev["disagreements"][:5]:
            put(2, f"[red]disagree[/] {escape(d['outlet'])}: {escape(_one(d['text']))}")
            for o in d["against"][:2]:
                put(6, f"[dim]vs {escape(o['outlet'])}: {escape(_one(o['text']))}[/]")
            for f in d["flags"]:
                put(6, f"[magenta]⚑ {f['kind']}[/]: {escape(f['message'])}")
        if ev["single"]:
            put(2, f"[yellow]{len(ev['single'])} statement(s) only one outlet carries[/]")
        for g in ev["garbled"]:
            kinds = sorted({f["kind"] for f in g["flags"]})
            put(2, f"[magenta]garbled[/] {escape(g['article'])}: {escape(', '.join(kinds))}")
        con.print()
    for sk in report["skipped"]:
        con.print(f"[red]skipped[/] {escape(str(sk.get('id', sk.get('name'))))}: {escape(sk['error'])}")
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


_CSS = """
body{font:16px/1.55 system-ui,sans-serif;max-width:62rem;margin:1rem auto;padding:0 1rem;color:#222}
section.event{display:none}section.event:target{display:block}
#index:has(~ section.event:target){display:none}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
.num{color:#555;font-size:.9em}.tag{display:inline-block;border-radius:3px;padding:0 .4rem;margin-right:.3rem;background:#eee;font-size:.85em}
.common{border-left:4px solid #2a2;padding-left:.6rem;margin:.6rem 0}
.dispute{border-left:4px solid #c22;padding-left:.6rem;margin:.8rem 0}
.single{border-left:4px solid #db0;padding-left:.6rem;margin:.4rem 0}
.side{margin:.2rem 0 .2rem 1rem}.flag{color:#808}
"""


def _span(s: dict[str, Any]) -> str:
    return f'<span class="tag">{_e(s["outlet"])}</span>{_e(_one(s["text"]))}'


def _more(items: list, what: str) -> str:
    return (
        f'<p class="num">… and {len(items) - SHOW} more {what} (in the JSON report).</p>'
        if len(items) > SHOW
        else ""
    )


def _event_page(ev: dict[str, Any]) -> str:
    out = [f'<section class="event" id="{_e(ev["id"])}"><p><a href="#index">← all events</a></p>',
           f'<h2>{_e(ev["title"] or "(untitled)")}</h2>',
           f'<p class="num">{_e(ev["id"])} · {len(ev["articles"])} articles · outlets: {_e(", ".join(ev["outlets"]))}'
           + (f' · {_e(ev["first"])} – {_e(ev["last"])}' if ev["first"] else "") + "</p>"]  # fmt: skip
    out.append(
        "<h3>Articles</h3><table><tr><th>Article</th><th>Outlet</th><th>Published</th><th>Checked</th></tr>"
    )
    for a in ev["articles"]:
        s = a.get("summary")
        checked = (f'{s["supported"]} supported, {s["contradicted"]} contradicted, {s["unverified"]} unverified'
                   if s else ("earlier run" if a.get("earlier") else "not compared"))  # fmt: skip
        out.append(f'<tr><td>{_e(a["title"] or a["name"])}<br><span class="num">{_e(a["id"])}</span></td>'
                   f'<td>{_e(a["source"] or "")}</td><td>{_e(a["published"] or "")}</td><td>{_e(checked)}</td></tr>')  # fmt: skip
    out.append("</table>")
    if not ev["compared"]:
        out.append('<p class="num">Coverage not compared (one article, or grouping only).</p>')
    else:
        out.append(f"<h3>Where outlets disagree ({len(ev['disagreements'])})</h3>")
        for d in ev["disagreements"][:SHOW]:
            sides = "".join(f'<div class="side">vs {_span(o)} <span class="num">contradiction {o["contradiction"]:.2f}</span></div>'
                            for o in d["against"])  # fmt: skip
            flags = "".join(
                f'<div class="side flag">⚑ {_e(f["kind"])}: {_e(f["message"])}</div>' for f in d["flags"]
            )
            out.append(f'<div class="dispute">{_span(d)}{sides}{flags}</div>')
        out.append(
            _more(ev["disagreements"], "disagreements")
            or ("" if ev["disagreements"] else "<p>None found.</p>")
        )
        out.append(f"<h3>What most outlets carry ({len(ev['common'])})</h3>")
        for c in ev["common"][:SHOW]:
            out.append(
                f'<div class="common">{_e(_one(c["text"]))}<div class="num">carried by {_e(", ".join(c["outlets"]))}</div></div>'
            )
        out.append(
            _more(ev["common"], "statements") or ("" if ev["common"] else "<p>Nothing shared found.</p>")
        )
        out.append(f"<h3>Only one outlet carries ({len(ev['single'])})</h3>")
        for s in ev["single"][:SHOW]:
            out.append(f'<div class="single">{_span(s)}</div>')
        out.append(_more(ev["single"], "statements"))
        out.append(f"<h3>Garbled text ({len(ev['garbled'])} articles)</h3>")
        for g in ev["garbled"]:
            items = "".join(
                f"<li><b>{_e(f['kind'])}</b> “{_e(f['text'])}”: {_e(f['message'])}</li>"
                for f in g["flags"][:SHOW]
            )
            out.append(f'<p><span class="tag">{_e(g["outlet"])}</span>{_e(g["article"])}</p><ul>{items}</ul>')
    out.append("<h3>Timeline</h3><ol>")
    for t in ev["timeline"]:
        out.append(
            f'<li><span class="num">{_e(t["published"] or "undated")}</span> <span class="tag">{_e(t["outlet"])}</span>{_e(t["title"])}</li>'
        )
    out.append("</ol>")
    for err in ev["errors"]:
        out.append(f'<p class="flag">{_e(err["article"])}: not checked ({_e(err["error"])})</p>')
    out.append("</section>")
    return "\n".join(out)


def render_html(report: dict[str, Any]) -> str:
    s = report["summary"]
    rows = "".join(
        f'<tr><td><a href="#{_e(ev["id"])}">{_e(ev["title"] or ev["id"])}</a></td><td>{len(ev["articles"])}</td>'
        f'<td>{_e(", ".join(ev["outlets"]))}</td><td>{len(ev["disagreements"])}</td><td>{len(ev["garbled"])}</td></tr>'
        for ev in report["events"]
    )  # fmt: skip
    skipped = "".join(
        f"<li>{_e(sk.get('id', sk.get('name')))}: {_e(sk['error'])}</li>" for sk in report["skipped"]
    )
    pages = "\n".join(_event_page(ev) for ev in report["events"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>storycheck events: {s["events"]} events</title><style>{_CSS}</style></head>
<body>
<div id="index"><h1>{s["articles"]} articles, {s["events"]} events</h1>
<p class="num">{s["compared_events"]} events compared · {s["skipped"]} inputs skipped · one page per event: pick one.</p>
<table><tr><th>Event</th><th>Articles</th><th>Outlets</th><th>Disagreements</th><th>Garbled</th></tr>{rows}</table>
{f"<h2>Skipped</h2><ul>{skipped}</ul>" if skipped else ""}</div>
{pages}
</body></html>
"""
