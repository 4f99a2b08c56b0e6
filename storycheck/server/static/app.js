// storycheck page: the form, sending a check, and showing the report (through
// report.js, the renderer the standalone download uses too). Vanilla JS, no build step.
// Every piece of input text reaches the DOM through textContent, never innerHTML.
"use strict";

const $ = (sel, root = document) => root.querySelector(sel);
const STORE_KEY = "storycheck-form";
let sourceCount = 0;

// ---------------------------------------------------------------- the form

function makeSource(kind) {
  const frag = $("#source-tpl").content.cloneNode(true);
  const fs = $("fieldset", frag);
  const n = ++sourceCount;
  fs.dataset.kind = kind;
  for (const r of fs.querySelectorAll('input[type="radio"]')) {
    r.name = `mode-${n}`;
    r.addEventListener("change", () => setMode(fs, r.value));
  }
  // Labels need unique ids for aria-describedby of the per-field messages.
  fs.querySelector(".field-msg").id = `msg-${n}`;
  if (kind === "article") {
    $("legend", fs).textContent = "Article to check";
    $(".remove", fs).remove();
    fs.id = "article-src";
  } else {
    $(".remove", fs).addEventListener("click", () => {
      fs.remove();
      renumber();
      saveForm();
      $("#add-ref").focus();
    });
  }
  return fs;
}

function modeOf(fs) {
  return $('input[type="radio"]:checked', fs).value;
}

function setMode(fs, mode) {
  for (const r of fs.querySelectorAll('input[type="radio"]')) r.checked = r.value === mode;
  for (const m of ["text", "url", "file"]) $(`.mode-${m}`, fs).hidden = m !== mode;
}

function refBoxes() {
  return [...document.querySelectorAll("#refs fieldset")];
}

function renumber() {
  const boxes = refBoxes();
  boxes.forEach((fs, i) => {
    $("legend", fs).textContent = `Reference ${i + 1}`;
    $(".remove", fs).hidden = boxes.length < 2; // never offer to remove the only reference
  });
}

function addReference(focus) {
  const fs = makeSource("reference");
  $("#refs").append(fs);
  renumber();
  if (focus) $("textarea", fs).focus();
  return fs;
}

// ---------------------------------------------- keeping the form (Back after a check)

function sourceState(fs) {
  return { mode: modeOf(fs), name: $(".in-name", fs).value, text: $(".in-text", fs).value, url: $(".in-url", fs).value };
}

function saveForm() {
  try {
    sessionStorage.setItem(STORE_KEY, JSON.stringify({
      article: sourceState($("#article-src")),
      refs: refBoxes().map(sourceState),
      allow: $("#allow-non-english").checked,
    }));
  } catch (e) { /* storage full or disabled: the form still works */ }
}

function restoreSource(fs, st) {
  setMode(fs, st.mode || "text");
  $(".in-name", fs).value = st.name || "";
  $(".in-text", fs).value = st.text || "";
  $(".in-url", fs).value = st.url || "";
  if (st.mode === "file") showFieldMsg(fs, "Choose the file again (a browser cannot keep it).");
}

function restoreForm() {
  let st = null;
  try { st = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null"); } catch (e) { st = null; }
  if (!st) return false;
  restoreSource($("#article-src"), st.article || {});
  for (const r of st.refs && st.refs.length ? st.refs : [{}]) restoreSource(addReference(false), r);
  $("#allow-non-english").checked = !!st.allow;
  return true;
}

// ----------------------------------------------------------- messages and focus

class FieldError extends Error {
  constructor(message, target) {
    super(message);
    this.target = target; // the input to move focus to
  }
}

function showFieldMsg(fs, msg) {
  const box = $(".field-msg", fs);
  box.textContent = msg || "";
  box.hidden = !msg;
}

function clearInvalid() {
  for (const n of document.querySelectorAll("[aria-invalid]")) n.removeAttribute("aria-invalid");
  for (const fs of document.querySelectorAll("fieldset.source")) showFieldMsg(fs, "");
}

// The message goes in the bar at the bottom of the window (where the Check button is),
// and focus moves to the field at fault, which the browser scrolls into view.
function showError(msg, target) {
  const box = $("#error");
  box.textContent = msg;
  box.hidden = !msg;
  if (!msg) return;
  if (target) {
    target.setAttribute("aria-invalid", "true");
    const fs = target.closest("fieldset.source");
    if (fs) showFieldMsg(fs, msg);
    // Centred, so the sticky bar at the bottom cannot cover the field.
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }
}

// The input an API error's "field" (e.g. "references.1.url") names, given the boxes sent.
function fieldTarget(field, sent) {
  if (!field) return null;
  if (field === "allow_non_english") {
    $("#options").hidden = false;
    return $("#allow-non-english");
  }
  const m = field.match(/^(article|references)(?:\.(\d+))?(?:\.(\w+))?/);
  if (!m) return null;
  const fs = m[1] === "article" ? sent.article : sent.refs[Number(m[2])];
  if (!fs) return null;
  const part = { text: ".in-text", url: ".in-url", file: ".in-file", data: ".in-file", name: ".in-name" }[m[3]];
  return $(part || { text: ".in-text", url: ".in-url", file: ".in-file" }[modeOf(fs)], fs);
}

// ------------------------------------------------------------------- sending

// One fieldset -> one API source ({text} | {url} | {file}), plus its File if any.
function readSource(fs, label) {
  const mode = modeOf(fs);
  const name = $(".in-name", fs).value.trim();
  const out = {};
  let file = null;
  if (mode === "text") {
    const text = $(".in-text", fs).value;
    if (!text.trim()) throw new FieldError(`${label}: paste the text here, or choose Link or Upload a file.`, $(".in-text", fs));
    if (!/[\p{L}\p{N}]/u.test(text)) throw new FieldError(`${label}: there are no words here, only punctuation.`, $(".in-text", fs));
    out.text = text;
  } else if (mode === "url") {
    const input = $(".in-url", fs);
    let url = input.value.trim();
    if (!url) throw new FieldError(`${label}: enter the story's web address (https://…).`, input);
    // "example.com/story" is what people paste: add the scheme they meant, visibly.
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && /^[\w-]+(\.[\w-]+)+(\/|$)/.test(url)) {
      url = `https://${url}`;
      input.value = url;
    }
    out.url = url;
  } else {
    file = $(".in-file", fs).files[0] || null;
    if (!file) throw new FieldError(`${label}: choose a file (.txt, .html or .md).`, $(".in-file", fs));
    out.media_type = file.type || null;
    out.name = file.name;
  }
  if (name) out.name = name;
  return { source: out, file };
}

// POST with XMLHttpRequest: unlike fetch it reports upload progress for big files.
function post(url, body, onUpload) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    if (typeof body === "string") xhr.setRequestHeader("Content-Type", "application/json");
    xhr.upload.onprogress = (e) => onUpload && e.lengthComputable && onUpload(e.loaded, e.total);
    xhr.onload = () => {
      let data;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      resolve({ status: xhr.status, ok: xhr.status >= 200 && xhr.status < 300, data });
    };
    xhr.onerror = () => reject(new Error(
      "Could not reach the storycheck server: is it still running? Your texts are kept here; press Check to try again."));
    xhr.send(body);
  });
}

let timer = null;
let progress = { phase: "reading", ahead: 0, sent: 0, total: 0 };

function setProgress(text) {
  $("#progress-text").textContent = text;
}

function busy(on, ticket) {
  $("#check-btn").disabled = on;
  $("#check-form").setAttribute("aria-busy", on ? "true" : "false");
  $("#progress").hidden = !on;
  clearInterval(timer);
  if (!on) return;
  const t0 = Date.now();
  let polling = false;
  const mb = (n) => (n / 1e6).toFixed(1);
  const tick = async () => {
    const s = Math.round((Date.now() - t0) / 1000);
    if (progress.total && progress.sent < progress.total) {
      setProgress(`Uploading… ${mb(progress.sent)} of ${mb(progress.total)} MB`);
    } else if (progress.phase === "loading") {
      setProgress(`Waiting for the models to load (the first check after the server starts)… ${s} s`);
    } else if (progress.phase === "waiting") {
      const n = progress.ahead;
      setProgress(`Waiting for ${n} other check${n > 1 ? "s" : ""} to finish first… ${s} s`);
    } else {
      setProgress(`Checking… ${s} s (reading, finding evidence, judging each sentence)`);
    }
    if (polling) return;
    polling = true;
    try {
      const r = await fetch(`/api/queue/${ticket}`);
      const q = await r.json();
      if (q.state !== "unknown") progress.phase = q.state;
      progress.ahead = q.ahead;
    } catch (e) { /* the check itself reports a dead server */ }
    polling = false;
  };
  tick();
  timer = setInterval(tick, 1000);
}

async function submit(ev) {
  ev.preventDefault();
  showError("");
  clearInvalid();
  saveForm();
  const sent = { article: $("#article-src"), refs: [] };
  const files = [];
  let body;
  try {
    const take = (fs, label) => {
      const { source, file } = readSource(fs, label);
      if (file) {
        source.file = `f${files.length}`;
        files.push(file);
      }
      return source;
    };
    const article = take(sent.article, "Article");
    const refs = [];
    refBoxes().forEach((fs, i) => {
      const blank = modeOf(fs) === "text" && !$(".in-text", fs).value.trim();
      if (blank) return; // an empty extra reference box is not an error
      refs.push(take(fs, `Reference ${i + 1}`));
      sent.refs.push(fs);
    });
    if (!refs.length) {
      throw new FieldError("Add at least one reference: another report of the same event to check against.",
        $(".in-text", refBoxes()[0]) || $("#add-ref"));
    }
    body = { article, references: refs, allow_non_english: $("#allow-non-english").checked };
  } catch (e) {
    showError(e.message, e.target);
    return;
  }
  const ticket = Math.random().toString(36).slice(2) + Date.now().toString(36);
  progress = { phase: "reading", ahead: 0, sent: 0, total: 0 };
  busy(true, ticket);
  try {
    let resp;
    const q = `include_text=true&ticket=${ticket}`;
    if (files.length) {
      const form = new FormData();
      form.append("request", JSON.stringify(body));
      files.forEach((f, i) => form.append(`f${i}`, f, f.name));
      resp = await post(`/api/check/files?${q}`, form, (sentBytes, total) => { progress.sent = sentBytes; progress.total = total; });
    } else {
      resp = await post(`/api/check?${q}`, JSON.stringify(body));
    }
    if (!resp.ok) {
      const d = resp.data || {};
      const msg = d.error || `the server answered HTTP ${resp.status}`;
      throw new FieldError(`Could not check: ${msg}`, fieldTarget(d.field, sent));
    }
    history.pushState({ id: resp.data.id }, "", `/reports/${encodeURIComponent(resp.data.id)}`);
    show(resp.data);
    $("#result-title").focus();
  } catch (e) {
    showError(e.message, e.target);
  } finally {
    busy(false);
  }
}

// --------------------------------------------------------------- the report

function show(data) {
  const base = `/reports/${encodeURIComponent(data.id)}`;
  $("#result").hidden = false;
  document.title = `storycheck: ${data.article.name}`;
  window.renderReport($("#report"), data, data.article_text, {
    links: { id: data.id, permalink: base, json: `${base}.json`, html: `${base}.html` },
  });
}

// A stored report opened by its link: load it, hide the form.
async function showStored(id) {
  $("#check-form").hidden = true;
  $("#again").hidden = false;
  try {
    const resp = await fetch(`/api/reports/${encodeURIComponent(id)}?include_text=true`);
    const data = await resp.json();
    if (!resp.ok) throw new Error(data.error || `HTTP ${resp.status}`);
    show(data);
  } catch (e) {
    $("#check-form").hidden = false;
    showError(`Could not load the report: ${e.message === "Failed to fetch" ? "the server did not answer" : e.message}`);
  }
}

function init() {
  $("#article-slot").append(makeSource("article"));
  const m = location.pathname.match(/^\/reports\/([A-Za-z0-9_-]+)$/);
  if (m || !restoreForm()) addReference(false);
  $("#add-ref").addEventListener("click", () => { addReference(true); saveForm(); });
  $("#check-form").addEventListener("submit", submit);
  $("#check-form").addEventListener("input", saveForm);
  $("#check-form").addEventListener("change", saveForm);
  if (m) showStored(m[1]);
  window.addEventListener("popstate", () => location.reload());
}

init();
