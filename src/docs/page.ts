// The web page of the plan, one self-contained HTML file (inline style and script, no CDN, works
// offline). Two uses: `flokit-gen docs` embeds the plan and gets a static page; `flokit-gen serve`
// embeds nothing and the page reads the collector's JSON API, adds the live stream of events and
// counts every event's arrivals. The script builds every element with textContent, never HTML
// strings, so no value from a payload or the taxonomy is ever parsed as markup.
// In: a title and, for the static page, the plan. Out: the page's bytes (deterministic).
import type { Plan } from './plan.js';

export interface PageOptions {
  /** The plan to embed: a static page. Without it the page talks to the collector that serves it. */
  readonly plan?: Plan;
  readonly title: string;
}

/** `<`, `>` and `&` as HTML sees them in text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

/** JSON inside a `<script type="application/json">`: no `</script>` or `<!--` can close it early. */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

export function planPage(options: PageOptions): string {
  const data = options.plan === undefined ? '' : `<script type="application/json" id="plan-data">${embeddedJson(options.plan)}</script>\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'none'">
<title>${escapeHtml(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1 id="title"></h1><nav id="tabs"></nav><p id="totals" aria-live="polite"></p></header>
<main><section id="stream-view" hidden></section><section id="plan-view"></section></main>
${data}<script>${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
:root{color-scheme:light dark;--bad:#c62828;--ok:#2e7d32;--muted:#777;--line:#8884}
body{font:14px/1.45 system-ui,sans-serif;margin:0}
header{position:sticky;top:0;background:Canvas;border-bottom:1px solid var(--line);padding:.5rem 1rem;z-index:1}
h1{font-size:1.2rem;margin:0 0 .3rem}
nav button{font:inherit;padding:.25rem .8rem;margin-right:.3rem}
nav button[aria-selected=true]{font-weight:bold;text-decoration:underline}
main{padding:0 1rem 2rem}
#totals{margin:.3rem 0 0;color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0}
.filters input,.filters select{font:inherit}
details.row{border-bottom:1px solid var(--line)}
details.row summary{cursor:pointer;padding:.3rem 0;display:flex;gap:.8rem;overflow-wrap:anywhere}
.badge{font-size:.8em;padding:0 .4em;border-radius:.3em;border:1px solid}
.badge.valid{color:var(--ok)}.badge.invalid{color:var(--bad)}
.when{color:var(--muted);font-variant-numeric:tabular-nums}
pre.json{white-space:pre-wrap;overflow-wrap:anywhere;background:#8881;padding:.5rem}
.bad{outline:2px solid var(--bad);color:var(--bad)}
.msg{color:var(--bad);font-style:italic}
ul.violations{color:var(--bad)}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border:1px solid var(--line);padding:.2rem .4rem;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
th{white-space:nowrap}
.plan-event{border-top:1px solid var(--line);padding-top:.5rem}
.meta{color:var(--muted)}
.unseen{color:var(--bad)}
`;

// Runs in the browser. Plain ES2020, no modules: the page must open from disk as well as from serve.
const SCRIPT = String.raw`
"use strict";
(function () {
  const embedded = document.getElementById("plan-data");
  const live = embedded === null;
  const PAGE = 100, SHOWN = 500;
  let plan = live ? null : JSON.parse(embedded.textContent);
  const counts = new Map();
  // Each planned event's count badge, so arrivals update text, not the whole plan.
  const badges = new Map();
  let totals = { total: 0, valid: 0, invalid: 0 };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }
  const text = (value) => document.createTextNode(String(value));

  // Tabs
  const views = { stream: document.getElementById("stream-view"), plan: document.getElementById("plan-view") };
  const tabs = document.getElementById("tabs");
  function show(name) {
    for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
    for (const b of tabs.querySelectorAll("button")) b.setAttribute("aria-selected", String(b.dataset.view === name));
  }
  if (live) {
    for (const [key, label] of [["stream", "Events"], ["plan", "Plan"]]) {
      const b = el("button", { type: "button", role: "tab", onclick: () => show(key) }, text(label));
      b.dataset.view = key;
      tabs.append(b);
    }
  }

  // The plan
  function renderPlan() {
    document.getElementById("title").textContent = plan.taxonomy + " " + plan.version + (live ? " — live events" : " — tracking plan");
    document.title = plan.taxonomy + " " + plan.version;
    const view = views.plan;
    view.replaceChildren();
    badges.clear();
    if (plan.description) view.append(el("p", { text: plan.description }));
    if (live) view.append(el("p", { class: "unseen", id: "not-seen" }));
    const toc = el("ul", {});
    plan.events.forEach((e, i) => toc.append(el("li", {}, el("a", { href: "#event-" + i }, text(e.name)))));
    view.append(el("h2", { text: "Events (" + plan.events.length + ")" }), toc);
    plan.events.forEach((e, i) => view.append(planEvent(e, i)));
    if (plan.types.length > 0) {
      view.append(el("h2", { text: "Shared types (" + plan.types.length + ")" }));
      plan.types.forEach((t, i) => {
        const s = el("section", { id: "type-" + i, class: "plan-event" }, el("h3", { text: t.name }));
        if (t.description) s.append(el("p", { text: t.description }));
        s.append(propertyTable(t.properties));
        view.append(s);
      });
    }
  }
  function planEvent(e, i) {
    const s = el("section", { id: "event-" + i, class: "plan-event" });
    s.dataset.event = e.name;
    const h = el("h3", {}, text(e.name));
    if (live) {
      const badge = el("span", {});
      badges.set(e.name, badge);
      h.append(" ", badge);
    }
    s.append(h);
    if (e.deprecated !== undefined) s.append(el("p", { class: "unseen" }, text("Deprecated" + (e.deprecated ? ": " + e.deprecated : "."))));
    if (e.description) s.append(el("p", { text: e.description }));
    const identity = e.identity === "either" ? "user_id or anonymous_id (at least one)" : e.identity + " (required)";
    const meta = ["Identity: " + identity];
    if (e.idempotencyKey) meta.push("Idempotency-Key from: " + e.idempotencyKey.join(", "));
    if (e.tags.length) meta.push("Tags: " + e.tags.join(", "));
    s.append(el("p", { class: "meta", text: meta.join(" · ") }));
    s.append(e.properties.length ? propertyTable(e.properties) : el("p", { text: "No properties." }));
    return s;
  }
  function propertyTable(props) {
    const head = el("tr", {}, ...["Property", "Type", "Required", "Nullable", "Values and constraints", "Format", "Examples", "PII", "Description"].map((h) => el("th", { text: h })));
    const body = props.map((p) => {
      const typeCell = el("td", {});
      const t = plan.types.findIndex((x) => x.name === p.ref);
      if (t >= 0) typeCell.append(el("a", { href: "#type-" + t }, text(p.type)));
      else typeCell.append(text(p.type));
      const values = (p.enum ? ["one of: " + p.enum.map((v) => JSON.stringify(v)).join(", ")] : []).concat(p.constraints);
      const description = (p.description || "") + (p.deprecated !== undefined ? " (deprecated" + (p.deprecated ? ": " + p.deprecated : "") + ")" : "") + (p.common ? " (common property)" : "");
      return el("tr", {}, el("td", { text: p.name || "(the type)" }), typeCell, el("td", { text: p.required ? "yes" : "no" }), el("td", { text: p.nullable ? "yes" : "no" }),
        el("td", { text: values.join("; ") }), el("td", { text: p.format || "" }), el("td", { text: p.examples ? p.examples.map((v) => JSON.stringify(v)).join(", ") : "" }),
        el("td", { text: p.pii ? "PII" : "" }), el("td", { text: description }));
    });
    return el("table", {}, el("thead", {}, head), el("tbody", {}, ...body));
  }

  if (!live) {
    renderPlan();
    return;
  }

  // The live stream
  const filters = { event: el("select", { "aria-label": "event" }), user: el("input", { type: "search", placeholder: "user or anonymous id", "aria-label": "user" }),
    valid: el("select", { "aria-label": "validity" }), q: el("input", { type: "search", placeholder: "free text", "aria-label": "free text" }) };
  for (const [v, label] of [["", "valid and invalid"], ["true", "valid only"], ["false", "invalid only"]]) filters.valid.append(el("option", { value: v }, text(label)));
  const list = el("div", { id: "events", role: "list" });
  const more = el("button", { type: "button", id: "more", onclick: () => load(false) }, text("Load older events"));
  views.stream.append(el("div", { class: "filters" }, filters.event, filters.user, filters.valid, filters.q), list, more);
  let typing;
  for (const f of Object.values(filters)) f.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => load(true), 150); });

  // The event filter's choices, rebuilt only when a new name appears (never under an open list).
  let optionNames = new Set();
  function eventOptions() {
    const names = new Set(plan.events.map((e) => e.name));
    for (const name of counts.keys()) names.add(name);
    if (names.size === optionNames.size && [...names].every((n) => optionNames.has(n))) return;
    optionNames = names;
    const current = filters.event.value;
    filters.event.replaceChildren(el("option", { value: "" }, text("every event")), ...[...names].sort().map((n) => el("option", { value: n }, text(n))));
    filters.event.value = current;
  }
  function query() {
    const p = new URLSearchParams();
    for (const [k, f] of Object.entries(filters)) if (f.value) p.set(k, f.value);
    return p;
  }
  function matches(r) {
    const f = filters;
    if (f.event.value && r.event !== f.event.value) return false;
    if (f.user.value && r.user_id !== f.user.value && r.anonymous_id !== f.user.value) return false;
    if (f.valid.value && String(r.valid) !== f.valid.value) return false;
    if (f.q.value && !JSON.stringify(r.payload).toLowerCase().includes(f.q.value.toLowerCase())) return false;
    return true;
  }

  function jsonNode(value, path, marks) {
    const mark = marks.get(path);
    let node;
    if (Array.isArray(value) || (value !== null && typeof value === "object")) {
      const isArray = Array.isArray(value);
      const entries = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
      node = el("span", {}, text(isArray ? "[" : "{"));
      entries.forEach(([k, v], i) => {
        node.append(text("\n" + "  ".repeat(path.split("/").length)));
        if (!isArray) node.append(text(JSON.stringify(k) + ": "));
        node.append(jsonNode(v, path + "/" + k.replaceAll("~", "~0").replaceAll("/", "~1"), marks));
        if (i < entries.length - 1) node.append(text(","));
      });
      node.append(text((entries.length ? "\n" + "  ".repeat(path.split("/").length - 1) : "") + (isArray ? "]" : "}")));
    } else node = el("span", {}, text(JSON.stringify(value)));
    if (mark) {
      node.classList.add("bad");
      node.dataset.path = path;
      return el("span", {}, node, el("span", { class: "msg", text: "  ← " + mark.join("; ") }));
    }
    return node;
  }
  // A violation marks the deepest part of the payload its path reaches (a missing property marks its object).
  function marksOf(r) {
    const marks = new Map();
    for (const v of r.violations) {
      let path = v.path, here = r.payload;
      const parts = path.split("/").slice(1).map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
      let reached = "";
      for (const p of parts) {
        if (here === null || typeof here !== "object" || !Object.prototype.hasOwnProperty.call(here, p)) break;
        here = here[p];
        reached += "/" + p.replaceAll("~", "~0").replaceAll("/", "~1");
      }
      const label = (reached === path ? "" : path + " ") + v.message + (v.hint ? " (" + v.hint + ")" : "");
      marks.set(reached, (marks.get(reached) || []).concat(label));
    }
    return marks;
  }
  function row(r) {
    const who = r.user_id || r.anonymous_id || "(no id)";
    const summary = el("summary", {}, el("span", { class: "when", text: r.received_at.slice(11, 23) }), el("strong", { text: r.event === null ? "(no event name)" : r.event }),
      el("span", { text: who }), el("span", { class: "badge " + (r.valid ? "valid" : "invalid"), text: r.valid ? "valid" : r.violations.length + " violation" + (r.violations.length === 1 ? "" : "s") }));
    const d = el("details", { class: "row", role: "listitem" }, summary);
    d.dataset.eventId = r.event_id;
    d.dataset.seq = String(r.seq);
    d.addEventListener("toggle", () => {
      if (!d.open || d.childElementCount > 1) return;
      d.append(el("p", { class: "meta", text: "event_id " + r.event_id + (r.idempotency_key ? " · Idempotency-Key " + r.idempotency_key : "") }));
      if (r.violations.length) d.append(el("ul", { class: "violations" }, ...r.violations.map((v) => el("li", { text: (v.path || "(the event)") + " " + v.message + (v.hint ? " (" + v.hint + ")" : "") + " [" + v.code + "]" }))));
      d.append(el("pre", { class: "json" }, jsonNode(r.payload, "", marksOf(r))));
    });
    return d;
  }

  let loading = 0;
  async function load(fresh) {
    const ticket = ++loading;
    const p = query();
    p.set("limit", String(PAGE));
    if (!fresh && list.lastElementChild) p.set("before", list.lastElementChild.dataset.seq);
    const page = await (await fetch("api/events?" + p)).json();
    if (ticket !== loading) return;
    if (fresh) list.replaceChildren();
    list.append(...page.events.map(row));
    more.hidden = page.next === undefined;
  }

  // Arrivals are drawn once a frame, so a thousand events a second cost one layout each frame.
  let queued = [];
  function arrive(r) {
    counts.set(r.event, (counts.get(r.event) || 0) + 1);
    totals.total++; totals[r.valid ? "valid" : "invalid"]++;
    if (matches(r)) queued.push(r);
    if (!frame) frame = requestAnimationFrame(draw);
  }
  let frame = 0, planDirty = false;
  function draw() {
    frame = 0;
    const fresh = queued.slice(-SHOWN).reverse();
    queued = [];
    list.prepend(...fresh.map(row));
    while (list.childElementCount > SHOWN) list.lastElementChild.remove();
    showTotals();
    // The plan's counts are redrawn at most four times a second.
    if (!planDirty) { planDirty = true; setTimeout(() => { planDirty = false; showCounts(); }, 250); }
  }
  function showTotals() {
    document.getElementById("totals").textContent = totals.total + " received: " + totals.valid + " valid, " + totals.invalid + " invalid";
  }
  function showCounts() {
    for (const [name, badge] of badges) {
      const n = counts.get(name) || 0;
      badge.className = "badge count " + (n ? "valid" : "invalid");
      badge.textContent = n ? "arrived " + n + "×" : "not seen yet";
    }
    const unseen = plan.events.filter((e) => !counts.get(e.name));
    document.getElementById("not-seen").textContent = unseen.length === 0 ? "Every planned event has arrived." : "Not seen yet: " + unseen.map((e) => e.name).join(", ");
    eventOptions();
  }
  async function refresh() {
    plan = await (await fetch("api/plan")).json();
    const summary = await (await fetch("api/summary")).json();
    counts.clear();
    for (const e of summary.events) counts.set(e.name, e.count);
    totals = { total: summary.total, valid: summary.valid, invalid: summary.invalid };
    showTotals();
    renderPlan();
    showCounts();
  }

  const stream = new EventSource("api/stream");
  stream.addEventListener("stored", (m) => arrive(JSON.parse(m.data)));
  stream.addEventListener("reset", () => { refresh(); load(true); });
  stream.addEventListener("plan", () => refresh());
  show("stream");
  refresh().then(() => load(true));
})();
`;
