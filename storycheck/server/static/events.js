// The events page: read files / JSONL lines into records, POST /api/events, then open the
// stored report (one page per event, rendered by the server like `storycheck events --format html`).
"use strict";
const form = document.getElementById("events-form");
const errorBox = document.getElementById("error");
const progress = document.getElementById("progress");

function fail(message, field) {
  errorBox.textContent = message;
  errorBox.hidden = false;
  progress.hidden = true;
  if (field) document.getElementById(field).focus();
}

async function records() {
  const out = [];
  for (const f of document.getElementById("files").files) {
    const text = await f.text();
    if (f.name.endsWith(".jsonl")) out.push(...parseLines(text, f.name));
    else out.push({ id: f.name, text });
  }
  out.push(...parseLines(document.getElementById("jsonl").value, "line"));
  return out;
}

function parseLines(text, where) {
  const out = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch (e) {
      throw new Error(`${where} ${i + 1}: not a JSON object`);
    }
  });
  return out;
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  errorBox.hidden = true;
  let recs;
  try {
    recs = await records();
  } catch (e) {
    return fail(e.message, "jsonl");
  }
  if (!recs.length) return fail("Add article files or records first.", "files");
  progress.hidden = false;
  let resp;
  try {
    resp = await fetch("/api/events", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ records: recs, compare: document.getElementById("compare").checked }),
    });
  } catch (e) {
    return fail("Could not reach the server: is it still running?");
  }
  const data = await resp.json().catch(() => ({ error: `HTTP ${resp.status}` }));
  if (!resp.ok) return fail(data.error || `HTTP ${resp.status}`);
  location.href = `/events/${encodeURIComponent(data.id)}.html`;
});
