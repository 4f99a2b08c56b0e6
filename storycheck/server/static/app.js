// storycheck page. Vanilla JS, no build step. Every piece of input text reaches the
// DOM through textContent / createTextNode, never innerHTML, so it cannot run.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);

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
const STOP = new Set(("a an the and or but of to in on at by for with from as is are was were be been " +
  "it its this that these those he she they we his her their our said says will would has have had " +
  "not no than then there after before about into over also which who whom").split(" "));

let sourceCount = 0;

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

// ---------------------------------------------------------------- the form

function makeSource(kind) {
  const frag = $("#source-tpl").content.cloneNode(true);
  const fs = $("fieldset", frag);
  const n = ++sourceCount;
  fs.dataset.kind = kind;
  for (const r of fs.querySelectorAll('input[type="radio"]')) r.name = `mode-${n}`;
  for (const r of fs.querySelectorAll('input[type="radio"]')) {
    r.addEventListener("change", () => setMode(fs, r.value));
  }
  if (kind === "article") {
    $("legend", fs).textContent = "Article to check";
    $(".remove", fs).remove();
    fs.id = "article-src";
  } else {
    $(".remove", fs).addEventListener("click", () => {
      fs.remove();
      renumber();
      $("#add-ref").focus();
    });
  }
  return fs;
}

function setMode(fs, mode) {
  for (const m of ["text", "url", "file"]) $(`.mode-${m}`, fs).hidden = m !== mode;
}

function renumber() {
  document.querySelectorAll("#refs fieldset").forEach((fs, i) => {
    $("legend", fs).textContent = `Reference ${i + 1}`;
  });
}

function addReference(focus) {
  const fs = makeSource("reference");
  $("#refs").append(fs);
  renumber();
  if (focus) $("textarea", fs).focus();
  return fs;
}

function toBase64(buf) {
  const bytes = new Uint8Array(buf);
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// One form fieldset -> one API source object ({text} | {url} | {data, name}).
async function readSource(fs, label) {
  const mode = $('input[type="radio"]:checked', fs).value;
  const name = $(".in-name", fs).value.trim();
  const out = {};
  if (mode === "text") {
    const text = $(".in-text", fs).value;
    if (!text.trim()) throw new Error(`${label}: paste some text, or choose Link or Upload.`);
    out.text = text;
  } else if (mode === "url") {
    const url = $(".in-url", fs).value.trim();
    if (!url) throw new Error(`${label}: enter a URL.`);
    out.url = url;
  } else {
    const file = $(".in-file", fs).files[0];
    if (!file) throw new Error(`${label}: choose a file.`);
    out.data = toBase64(await file.arrayBuffer());
    out.media_type = file.type || null;
    out.name = file.name;
  }
  if (name) out.name = name;
  return out;
}

function showError(msg) {
  const box = $("#error");
  box.textContent = msg;
  box.hidden = !msg;
}

let timer = null;
function busy(on) {
  const btn = $("#check-btn");
  btn.disabled = on;
  $("#check-form").setAttribute("aria-busy", on ? "true" : "false");
  $("#progress").hidden = !on;
  clearInterval(timer);
  if (on) {
    const t0 = Date.now();
    const tick = () => {
      const s = Math.round((Date.now() - t0) / 1000);
      $("#progress-text").textContent = `Checking… ${s} s (reading, finding evidence, judging each sentence)`;
    };
    tick();
    timer = setInterval(tick, 1000);
  }
}

async function submit(ev) {
  ev.preventDefault();
  showError("");
  let body;
  try {
    const article = await readSource($("#article-src"), "Article");
    const refs = [];
    let i = 0;
    for (const fs of document.querySelectorAll("#refs fieldset")) {
      i += 1;
      const blank = $('input[type="radio"]:checked', fs).value === "text" && !$(".in-text", fs).value.trim();
      if (blank) continue; // an empty extra reference box is not an error
      refs.push(await readSource(fs, `Reference ${i}`));
    }
    if (!refs.length) throw new Error("Add at least one reference to check the article against.");
    body = { article, references: refs };
  } catch (e) {
    showError(e.message);
    return;
  }
  busy(true);
  try {
    const resp = await fetch("/api/check?include_text=true", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await resp.json().catch(() => ({ error: `HTTP ${resp.status}` }));
    if (!resp.ok) throw new Error(data.error || `HTTP ${resp.status}`);
    history.pushState({ id: data.id }, "", `/reports/${encodeURIComponent(data.id)}`);
    render(data);
    $("#result-title").focus();
  } catch (e) {
    showError(`Could not check: ${e.message}`);
  } finally {
    busy(false);
  }
}

// --------------------------------------------------------------- the report

let REPORT = null;

function sourceName(i) {
  const s = REPORT.sources[i];
  return s ? s.name : `source ${i}`;
}

// The article text with each sentence wrapped by verdict and flagged spans underlined,
// laid out by character offsets so gaps (line breaks, headings) keep their place.
function renderArticle(text) {
  const box = $("#article");
  box.replaceChildren();
  let pos = 0;
  for (const s of REPORT.sentences) {
    if (s.start > pos) box.append(document.createTextNode(text.slice(pos, s.start)));
    const span = el("span", {
      class: `s ${s.verdict}`,
      tabindex: "0",
      role: "button",
      "aria-pressed": "false",
      "data-i": String(s.index),
      title: s.verdict + (s.flags.length ? ` · ${s.flags.length} flag(s)` : ""),
    });
    let cur = s.start;
    for (const f of [...s.flags].sort((a, b) => a.start - b.start)) {
      if (f.start < cur || f.end > s.end) continue; // overlapping flags: underline the first
      span.append(document.createTextNode(text.slice(cur, f.start)));
      span.append(el("span", { class: `flag k-${f.kind}`, title: `${f.kind}: ${f.message}`, text: text.slice(f.start, f.end) }));
      cur = f.end;
    }
    span.append(document.createTextNode(text.slice(cur, s.end)));
    span.addEventListener("click", () => select(s.index));
    span.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        select(s.index);
      }
    });
    box.append(span);
    pos = s.end;
  }
  if (pos < text.length) box.append(document.createTextNode(text.slice(pos)));
}

function words(s) {
  return (s.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) || []);
}

// The passage with the words it shares with the claim marked (stop words left out).
function markedPassage(passage, claim) {
  const keep = new Set(words(claim).filter((w) => !STOP.has(w)));
  const out = el("p", { class: "passage" });
  const re = /[\p{L}\p{N}][\p{L}\p{N}'’.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;
  let pos = 0;
  for (const m of passage.matchAll(re)) {
    if (!keep.has(m[0].toLowerCase())) continue;
    out.append(document.createTextNode(passage.slice(pos, m.index)));
    out.append(el("mark", { class: "match", text: m[0] }));
    pos = m.index + m[0].length;
  }
  out.append(document.createTextNode(passage.slice(pos)));
  return out;
}

function pct(x) {
  return `${Math.round(x * 100)}%`;
}

function select(i) {
  const s = REPORT.sentences.find((x) => x.index === i);
  if (!s) return;
  document.querySelectorAll("#article .s").forEach((n) => {
    const on = Number(n.dataset.i) === i;
    n.classList.toggle("sel", on);
    n.setAttribute("aria-pressed", on ? "true" : "false");
  });
  const d = $("#detail");
  d.replaceChildren(el("h3", { text: `Sentence ${i + 1}` }));
  d.append(el("p", { class: "claim", text: s.text }));
  d.append(
    el("p", {},
      el("span", { class: `verdict ${s.verdict}`, text: s.verdict }),
      el("span", { class: "muted", text: `  support ${pct(s.support)} · contradiction ${pct(s.contradiction)}` })),
  );
  if (s.flags.length) {
    const ul = el("ul", { class: "flags" });
    for (const f of s.flags) {
      ul.append(el("li", {},
        el("span", { class: `flag k-${f.kind}`, text: f.text }), " ",
        el("b", { text: f.kind.replace(/_/g, " ") }), document.createTextNode(`: ${f.message}`)));
    }
    d.append(el("h4", { text: "Flags" }), ul);
  }
  d.append(el("h4", { text: "Evidence" }));
  if (!s.evidence.length) d.append(el("p", { class: "muted", text: "No matching passage in the references." }));
  for (const e of s.evidence) {
    const box = el("div", { class: "ev" });
    box.append(el("p", { class: "src" }, el("span", { class: "src-name", text: sourceName(e.source) }),
      el("span", { class: "muted", text: `  support ${pct(e.support)} · contradiction ${pct(e.contradiction)}` })));
    box.append(markedPassage(e.text, s.text));
    d.append(box);
  }
  // On a phone the panel sits below the article: bring it into view.
  if (window.matchMedia("(max-width: 899px)").matches) d.scrollIntoView({ block: "start", behavior: "smooth" });
}

function render(data) {
  REPORT = data;
  const id = data.id;
  $("#result").hidden = false;
  document.title = `storycheck: ${data.article.name}`;
  $("#result-title").textContent = `Checked: ${data.article.name}`;
  $("#result-title").setAttribute("tabindex", "-1");
  $("#sources").textContent = data.sources.length
    ? `Against ${data.sources.map((s) => s.name).join(", ")}`
    : "No references";
  const base = `/reports/${encodeURIComponent(id)}`;
  $("#permalink").href = base;
  $("#dl-json").href = `${base}.json`;
  $("#dl-json").setAttribute("download", `storycheck-${id}.json`);
  $("#dl-html").href = `${base}.html`;
  $("#dl-html").setAttribute("download", `storycheck-${id}.html`);

  const sum = data.summary;
  $("#summary").replaceChildren(
    el("span", { class: "chip supported", "data-n": String(sum.supported), text: `${sum.supported} supported` }),
    el("span", { class: "chip contradicted", "data-n": String(sum.contradicted), text: `${sum.contradicted} contradicted` }),
    el("span", { class: "chip unverified", "data-n": String(sum.unverified), text: `${sum.unverified} unverified` }),
    el("span", { class: "chip flags", "data-n": String(sum.flags), text: `${sum.flags} flags` }),
  );
  // The proportional bar: how much of the story is in each state.
  const total = Math.max(1, sum.supported + sum.contradicted + sum.unverified);
  const bar = el("div", { class: "ratio", "aria-hidden": "true" });
  for (const v of ["supported", "contradicted", "unverified"]) {
    const seg = el("span", { class: v });
    seg.style.flexGrow = String(sum[v] / total);
    bar.append(seg);
  }
  $("#summary").append(bar);

  renderArticle(data.article_text);
  const kinds = new Set(data.sentences.flatMap((s) => s.flags.map((f) => f.kind)));
  const legend = $("#legend");
  legend.replaceChildren();
  for (const k of Object.keys(FLAG_LABELS)) {
    if (!kinds.has(k)) continue;
    legend.append(el("li", {}, el("span", { class: `flag k-${k}`, text: k.replace(/_/g, " ") }),
      document.createTextNode(` — ${FLAG_LABELS[k]}`)));
  }
  $(".legend").hidden = kinds.size === 0;
  $("#detail").replaceChildren(el("h3", { text: "Evidence" }), el("p", { class: "muted", text: "Select a sentence." }));

  const om = $("#omissions");
  om.replaceChildren();
  for (const o of data.omissions) {
    om.append(el("li", {}, document.createTextNode(o.text + " "), el("span", { class: "muted", text: `(${sourceName(o.source)})` })));
  }
  if (!data.omissions.length) om.append(el("li", { class: "muted", text: "Nothing: the article covers what the references say." }));
}

// A stored report opened by its link: load it, hide the form.
async function showStored(id) {
  $("#check-form").hidden = true;
  $("#again").hidden = false;
  try {
    const resp = await fetch(`/api/reports/${encodeURIComponent(id)}?include_text=true`);
    const data = await resp.json();
    if (!resp.ok) throw new Error(data.error || `HTTP ${resp.status}`);
    render(data);
  } catch (e) {
    $("#check-form").hidden = false;
    showError(`Could not load report: ${e.message}`);
  }
}

function init() {
  $("#article-slot").append(makeSource("article"));
  addReference(false);
  $("#add-ref").addEventListener("click", () => addReference(true));
  $("#check-form").addEventListener("submit", submit);
  const m = location.pathname.match(/^\/reports\/([A-Za-z0-9_-]+)$/);
  if (m) showStored(m[1]);
  window.addEventListener("popstate", () => location.reload());
}

init();
