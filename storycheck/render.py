"""Human renderings of a report dict: terminal text (rich) and one standalone HTML file.

Both work from the JSON form (``Report.to_dict()``), so a stored report renders the
same way as a fresh one. Every piece of input text is escaped.
"""

from __future__ import annotations

import html
import io
import json
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


_CSS = """
body{font:16px/1.6 system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#222}
.s{cursor:pointer;border-radius:3px;padding:0 1px}
.s:focus{outline:2px solid #333}
.supported{background:#d9f2d9}.contradicted{background:#f9d0d0}.unverified{background:#fdf1c7}
.flag{text-decoration:underline wavy #b0f;text-underline-offset:3px}
.bar span{display:inline-block;margin-right:1rem;padding:2px 8px;border-radius:3px}
#detail{border:1px solid #ccc;border-radius:4px;padding:.5rem 1rem;margin:1rem 0;min-height:3rem}
.ev{border-left:3px solid #999;padding-left:.5rem;margin:.4rem 0}
.src{font-weight:600}.num{color:#555;font-size:.9em}
li{margin:.3rem 0}
"""

_JS = """
const R = JSON.parse(document.getElementById('data').textContent);
const esc = s => s.replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
function show(i){
  const s = R.sentences[i]; const d = document.getElementById('detail');
  let h = `<p><b>${esc(s.verdict)}</b> <span class="num">support ${s.support.toFixed(2)}, contradiction ${s.contradiction.toFixed(2)}</span></p>`;
  for (const f of s.flags) h += `<p>⚑ <b>${esc(f.kind)}</b>: ${esc(f.message)}</p>`;
  for (const e of s.evidence) h += `<div class="ev"><span class="src">${esc(R.sources[e.source].name)}</span> <span class="num">support ${e.support.toFixed(2)}, contradiction ${e.contradiction.toFixed(2)}</span><br>${esc(e.text)}</div>`;
  if (!s.evidence.length) h += '<p>No evidence found in the references.</p>';
  d.innerHTML = h;
}
document.querySelectorAll('.s').forEach(el => {
  el.addEventListener('click', () => show(+el.dataset.i));
  el.addEventListener('keydown', ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); show(+el.dataset.i); } });
});
"""


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
    s = report["summary"]
    title = html.escape(report["article"]["name"])
    omissions = (
        "".join(
            f"<li>{html.escape(o['text'])} <span class='num'>({html.escape(_source_name(report, o['source']))})</span></li>"
            for o in report["omissions"]
        )
        or "<li>Nothing: the article covers what the references say.</li>"
    )
    # JSON inside <script>: escape "</" so input text cannot close the element.
    data = json.dumps(report, ensure_ascii=False).replace("</", "<\\/")
    sources = ", ".join(html.escape(x["name"]) for x in report["sources"]) or "no references"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>storycheck: {title}</title><style>{_CSS}</style></head>
<body>
<h1>{title}</h1>
<p>Checked against: {sources}</p>
<div class="bar"><span class="supported">{s["supported"]} supported</span><span class="contradicted">{s["contradicted"]} contradicted</span><span class="unverified">{s["unverified"]} unverified</span><span>{s["flags"]} flags</span></div>
<p class="num">Click a sentence (or focus it and press Enter) to see its evidence and flags.</p>
<article id="article">{_article_html(report, article_text)}</article>
<section aria-live="polite"><h2>Evidence</h2><div id="detail">Select a sentence.</div></section>
<section><h2>Left out</h2><ul id="omissions">{omissions}</ul></section>
<script type="application/json" id="data">{data}</script>
<script>{_JS}</script>
</body></html>
"""
