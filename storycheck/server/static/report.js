// storycheck report view: ONE renderer for the page (app.js calls it) and the standalone
// HTML download (render.py inlines this file). Vanilla JS, no build step. Every piece of
// input text reaches the DOM through textContent / createTextNode, never innerHTML.
"use strict";

(function () {
  const FLAG_LABELS = {
    number_mismatch: "number differs from the reference",
    date_mismatch: "date or day differs",
    name_mismatch: "name differs",
    negation: "negation flips the meaning",
    repetition: "repeated words",
    truncated: "sentence cut off",
    unbalanced_quote: "quotation mark not closed or not opened",
    name_variant: "name spelled differently",
    odd_phrase: "odd or garbled phrase",
    misspelling: "misspelling",
  };
  const MARKS = { supported: "✔", contradicted: "✘", unverified: "?" };
  const STOP = new Set(("a an the and or but of to in on at by for with from as is are was were be been " +
    "it its this that these those he she they we his her their our said says will would has have had " +
    "not no than then there after before about into over also which who whom").split(" "));
  const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  const pct = (x) => `${Math.round(x * 100)}%`;
  const kindName = (k) => k.replace(/_/g, " ");
  const words = (s) => s.toLowerCase().match(WORD) || [];

  // The passage with the words it shares with the claim marked (stop words left out).
  function markedPassage(passage, claim) {
    const keep = new Set(words(claim).filter((w) => !STOP.has(w)));
    const out = el("p", { class: "passage" });
    let pos = 0;
    for (const m of passage.matchAll(WORD)) {
      if (!keep.has(m[0].toLowerCase())) continue;
      out.append(document.createTextNode(passage.slice(pos, m.index)));
      out.append(el("mark", { class: "match", text: m[0] }));
      pos = m.index + m[0].length;
    }
    out.append(document.createTextNode(passage.slice(pos)));
    return out;
  }

  // Render report `data` (storycheck.report/1) over the article `text` into `root`.
  // opts.links: {permalink, json, html, id} for the toolbar (the page; the download has none).
  function renderReport(root, data, text, opts = {}) {
    const sourceName = (i) => (data.sources[i] ? data.sources[i].name : `source ${i}`);
    root.replaceChildren();
    const title = el("h2", { id: "result-title", tabindex: "-1", text: `Checked: ${data.article.name}` });
    const sources = el("p", { id: "sources", class: "muted",
      text: data.sources.length ? `Against ${data.sources.map((s) => s.name).join(", ")}` : "No references" });
    root.append(title, sources);

    if (opts.links) {
      const L = opts.links;
      root.append(el("div", { class: "toolbar" },
        el("a", { id: "permalink", href: L.permalink, text: "Permanent link" }),
        el("a", { id: "dl-json", href: L.json, download: `storycheck-${L.id}.json`, text: "Download JSON" }),
        el("a", { id: "dl-html", href: L.html, download: `storycheck-${L.id}.html`, text: "Download HTML" })));
    }
    for (const w of data.warnings || []) root.append(el("p", { class: "warning", text: `Note: ${w}` }));

    const sum = data.summary;
    const summary = el("div", { id: "summary", class: "summary", "aria-label": "Summary" });
    for (const v of ["supported", "contradicted", "unverified"]) {
      summary.append(el("span", { class: `chip ${v}`, "data-n": String(sum[v]), text: `${sum[v]} ${v}` }));
    }
    summary.append(el("span", { class: "chip flags", "data-n": String(sum.flags), text: `${sum.flags} flags` }));
    // The proportional bar: how much of the story is in each state.
    const total = Math.max(1, sum.supported + sum.contradicted + sum.unverified);
    const bar = el("div", { class: "ratio", "aria-hidden": "true" });
    for (const v of ["supported", "contradicted", "unverified"]) {
      const seg = el("span", { class: v });
      seg.style.flexGrow = String(sum[v] / total);
      bar.append(seg);
    }
    summary.append(bar);
    root.append(summary);
    root.append(el("p", { class: "muted help", id: "help",
      text: "Click a sentence to see its evidence and flags. Keyboard: Tab into the article, " +
        "move between sentences with the arrow keys, press Enter; Tab again to reach the evidence." }));

    const article = el("div", { id: "article", class: "article", role: "group", "aria-label": "Article",
      "aria-describedby": "help" });
    const detail = el("aside", { id: "detail", class: "detail", tabindex: "0", role: "region",
      "aria-label": "Evidence", "aria-live": "polite" });
    const legend = el("ul", { id: "legend" });
    const legendBox = el("details", { class: "legend", open: "" }, el("summary", { text: "Underlines" }), legend);
    // The panel follows the article in the DOM (Tab goes from the sentences to the evidence);
    // the legend sits under the article by grid placement (style.css).
    root.append(el("div", { class: "cols" }, el("div", { class: "article-wrap" }, article), detail, legendBox));

    const om = el("ul", { id: "omissions" });
    root.append(el("section", { class: "omissions", "aria-labelledby": "om-h" },
      el("h3", { id: "om-h" }, "Left out ",
        el("span", { class: "hint", text: "(in the references, not in the article)" })), om));

    // ---- the article: each sentence wrapped by verdict, flagged spans underlined by kind,
    // laid out by character offsets so gaps (line breaks, headings) keep their place.
    const spans = [];
    let pos = 0;
    for (const s of data.sentences) {
      if (s.start > pos) article.append(document.createTextNode(text.slice(pos, s.start)));
      const nflags = s.flags.length ? ` · ${s.flags.length} flag${s.flags.length > 1 ? "s" : ""}` : "";
      const span = el("span", {
        class: `s ${s.verdict}`,
        tabindex: spans.length ? "-1" : "0", // roving: one sentence in the Tab order
        role: "button",
        "aria-pressed": "false",
        "aria-label": `Sentence ${s.index + 1}, ${s.verdict}${nflags}`,
        "data-i": String(s.index),
        title: s.verdict + nflags,
      });
      let cur = s.start;
      for (const f of [...s.flags].sort((a, b) => a.start - b.start)) {
        if (f.start < cur || f.end > s.end) continue; // overlapping flags: underline the first
        span.append(document.createTextNode(text.slice(cur, f.start)));
        span.append(el("span", { class: `flag k-${f.kind}`, title: `${kindName(f.kind)}: ${f.message}`,
          text: text.slice(f.start, f.end) }));
        cur = f.end;
      }
      span.append(document.createTextNode(text.slice(cur, s.end)));
      // ✘ and ? after contradicted and unverified sentences come from style.css (::after).
      span.addEventListener("click", () => select(s.index));
      span.addEventListener("keydown", (e) => onKey(e, spans.indexOf(span)));
      article.append(span);
      spans.push(span);
      pos = s.end;
    }
    if (pos < text.length) article.append(document.createTextNode(text.slice(pos)));

    function focusSentence(k) {
      if (k < 0 || k >= spans.length) return;
      for (const sp of spans) sp.tabIndex = -1;
      spans[k].tabIndex = 0;
      spans[k].focus();
    }

    function onKey(e, k) {
      const moves = { ArrowDown: k + 1, ArrowRight: k + 1, ArrowUp: k - 1, ArrowLeft: k - 1, Home: 0, End: spans.length - 1 };
      if (e.key in moves) {
        e.preventDefault();
        focusSentence(moves[e.key]);
      } else if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        select(Number(spans[k].dataset.i));
      }
    }

    function emptyDetail() {
      detail.replaceChildren(el("h3", { text: "Evidence" }), el("p", { class: "muted", text: "Select a sentence." }));
    }

    function select(i) {
      const s = data.sentences.find((x) => x.index === i);
      if (!s) return;
      for (const n of spans) {
        const on = Number(n.dataset.i) === i;
        n.classList.toggle("sel", on);
        n.setAttribute("aria-pressed", on ? "true" : "false");
        if (on) { for (const sp of spans) sp.tabIndex = -1; n.tabIndex = 0; }
      }
      detail.replaceChildren(el("h3", { text: `Sentence ${i + 1}` }));
      detail.append(el("p", { class: "claim", text: s.text }));
      detail.append(el("p", {},
        el("span", { class: `verdict ${s.verdict}`, text: `${MARKS[s.verdict]} ${s.verdict}` }),
        el("span", { class: "muted", text: `  support ${pct(s.support)} · contradiction ${pct(s.contradiction)}` })));
      if (s.flags.length) {
        const ul = el("ul", { class: "flags" });
        for (const f of s.flags) {
          ul.append(el("li", {}, el("span", { class: `flag k-${f.kind}`, text: f.text }), " ",
            el("b", { text: kindName(f.kind) }), document.createTextNode(`: ${f.message}`)));
        }
        detail.append(el("h4", { text: "Flags" }), ul);
      }
      detail.append(el("h4", { text: "Evidence" }));
      if (!s.evidence.length) detail.append(el("p", { class: "muted", text: "No matching passage in the references." }));
      for (const e of s.evidence) {
        const box = el("div", { class: "ev" });
        box.append(el("p", { class: "src" }, el("span", { class: "src-name", text: sourceName(e.source) }),
          el("span", { class: "muted", text: `  support ${pct(e.support)} · contradiction ${pct(e.contradiction)}` })));
        box.append(markedPassage(e.text, s.text));
        detail.append(box);
      }
      detail.scrollTop = 0;
      // Where the panel is not beside the article (phones), or is out of view: bring it in.
      const r = detail.getBoundingClientRect();
      if (window.matchMedia("(max-width: 899px)").matches || r.top > window.innerHeight || r.bottom < 0) {
        detail.scrollIntoView({ block: "start", behavior: "smooth" });
      }
    }

    const kinds = new Set(data.sentences.flatMap((s) => s.flags.map((f) => f.kind)));
    const known = Object.keys(FLAG_LABELS);
    for (const k of [...known, ...[...kinds].filter((k) => !known.includes(k)).sort()]) {
      if (!kinds.has(k)) continue;
      legend.append(el("li", {}, el("span", { class: `flag k-${k}`, text: kindName(k) }),
        document.createTextNode(` — ${FLAG_LABELS[k] || kindName(k)}`)));
    }
    legendBox.hidden = kinds.size === 0;
    emptyDetail();

    for (const o of data.omissions) {
      om.append(el("li", {}, document.createTextNode(o.text + " "), el("span", { class: "muted", text: `(${sourceName(o.source)})` })));
    }
    if (!data.omissions.length) om.append(el("li", { class: "muted", text: "Nothing: the article covers what the references say." }));
    return { select, title };
  }

  window.renderReport = renderReport;
})();
