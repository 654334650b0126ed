// The review page: a queue of claims from /api/claims, one claim at a time, decided by
// keyboard or mouse through POST /api/claims/{id}/review. Article text is only ever put
// into the page as text (textContent, text nodes), never as markup.
"use strict";

const KINDS = ["captured", "partial", "encircled", "contested", "advance", "denied"];
const SIDES = ["RU", "UA", "other"];
const CONTROLLERS = ["", "RU", "UA"];
const FILTERS = ["status", "order", "side", "kind", "place", "source", "since", "until"];
const TOKEN = document.querySelector('meta[name="frontline-token"]').content;
const $ = (id) => document.getElementById(id);
const state = { queue: [], index: -1, context: null, candidate: -1, map: null, markers: null };

function text(tag, content, cls) {
  const el = document.createElement(tag);
  el.textContent = content == null ? "" : String(content);
  if (cls) el.className = cls;
  return el;
}

function say(message, isError) {
  const box = $("message");
  box.textContent = message;
  box.className = isError ? "error" : "";
}

function params() {
  const url = new URLSearchParams(location.search);
  const out = new URLSearchParams();
  for (const name of FILTERS) {
    const value = url.get(name) || { status: "proposed", order: "confidence" }[name] || "";
    if (value) out.set(name, value);
  }
  return out;
}

function showFilters(query) {
  const form = $("filters");
  for (const name of FILTERS) form.elements[name].value = query.get(name) || "";
}

async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function loadQueue() {
  const query = params();
  showFilters(query);
  query.set("limit", "200");
  try {
    const page = await getJSON("/api/claims?" + query.toString());
    state.queue = page.claims;
    $("total").textContent = "(" + page.total + ")";
  } catch (error) {
    say(error.message, true);
    state.queue = [];
  }
  drawQueue();
  await select(state.queue.length ? 0 : -1);
}

function describe(claim) {
  const kind = claim.kind + (claim.percent != null ? " " + claim.percent + "%" : "");
  const confidence = claim.confidence == null ? "" : " · " + Number(claim.confidence).toFixed(2);
  return (claim.place || claim.as_written) + " — " + kind + " — " + claim.claimant_side + confidence;
}

function drawQueue() {
  const list = $("queue-list");
  list.replaceChildren();
  state.queue.forEach((claim, i) => {
    const item = text("li", describe(claim), claim.status + (i === state.index ? " current" : ""));
    item.dataset.id = claim.id;
    item.dataset.status = claim.status;
    item.addEventListener("click", () => select(i));
    list.append(item);
  });
}

async function select(i) {
  state.index = i;
  drawQueue();
  $("detail").hidden = i < 0;
  $("empty").hidden = i >= 0;
  if (i < 0) return;
  const claim = state.queue[i];
  try {
    state.context = await getJSON("/api/claims/" + encodeURIComponent(claim.id) + "/context");
  } catch (error) {
    state.context = { highlights: [], article: [], candidates: [] };
    say(error.message, true);
  }
  drawClaim(claim);
}

function drawClaim(claim) {
  $("detail").dataset.id = claim.id;
  $("claim-title").replaceChildren(text("span", claim.place || claim.as_written + " (unresolved)"),
    text("span", " " + claim.status, "status-" + claim.status));
  $("claim-meta").textContent = [claim.claim_date, claim.claimant + " (" + claim.claimant_side + ")",
    claim.source, claim.url || "", "as written: " + claim.as_written,
    claim.reviewed_by ? "reviewed by " + claim.reviewed_by + " " + claim.reviewed_at : ""]
    .filter(Boolean).join(" · ");
  drawSentence(claim.quote || "", state.context.highlights);
  $("kind").value = claim.kind;
  $("percent").value = claim.percent == null ? "" : claim.percent;
  $("claimant_side").value = claim.claimant_side;
  $("controller_side").value = claim.controller_side || "";
  $("claim_date").value = claim.claim_date;
  $("note").value = claim.review_note || "";
  drawCandidates(claim);
  const others = $("article");
  others.replaceChildren(...state.context.article.map((c) => text("li", c.claim_date + " " + describe(c) + " [" + c.status + "]")));
}

function drawSentence(quote, spans) {
  const box = $("sentence");
  box.replaceChildren();
  let at = 0;
  for (const span of spans) {
    box.append(document.createTextNode(quote.slice(at, span.begin)));
    box.append(text("mark", quote.slice(span.begin, span.end), span.what));
    at = span.end;
  }
  box.append(document.createTextNode(quote.slice(at)));
}

function drawCandidates(claim) {
  const list = $("candidates");
  const candidates = state.context.candidates;
  state.candidate = candidates.findIndex((c) => c.id === claim.place_id);
  list.replaceChildren(...candidates.map((c, i) => {
    const item = document.createElement("li");
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "candidate";
    radio.value = c.id;
    radio.checked = i === state.candidate;
    radio.addEventListener("change", () => chooseCandidate(i));
    label.append(radio, document.createTextNode(" " + c.name + " (" + (c.admin1 || c.country || "?") + ") " +
      Number(c.score).toFixed(2)));
    item.append(label);
    return item;
  }));
  if (!candidates.length) list.append(text("li", "the gazetteer offers no candidates"));
  drawMap(candidates);
}

function drawMap(candidates) {
  if (typeof L === "undefined") return;
  if (!state.map) {
    state.map = L.map("candidate-map", { attributionControl: false }).setView([48.5, 35.5], 5);
    state.markers = L.featureGroup().addTo(state.map);
  }
  state.markers.clearLayers();
  candidates.forEach((c, i) => {
    const marker = L.circleMarker([c.lat, c.lon], { radius: i === state.candidate ? 9 : 6,
      color: i === state.candidate ? "#d33" : "#36c" });
    marker.bindTooltip(text("span", c.name + " (" + (c.admin1 || c.country || "?") + ")"), { permanent: true });
    marker.on("click", () => chooseCandidate(i));
    state.markers.addLayer(marker);
  });
  if (candidates.length) state.map.fitBounds(state.markers.getBounds(), { maxZoom: 9, padding: [30, 30] });
}

function chooseCandidate(i) {
  const candidates = state.context.candidates;
  if (!candidates.length) return;
  state.candidate = (i + candidates.length) % candidates.length;
  document.querySelectorAll('#candidates input[name="candidate"]').forEach((radio, n) => {
    radio.checked = n === state.candidate;
  });
  drawMap(candidates);
}

function corrections(claim) {
  const body = {};
  const kind = $("kind").value;
  if (kind !== claim.kind) body.kind = kind;
  const percent = $("percent").value;
  if (kind === "partial" && percent !== "" && Number(percent) !== claim.percent) body.percent = Number(percent);
  if ($("claimant_side").value !== claim.claimant_side) body.claimant_side = $("claimant_side").value;
  const controller = $("controller_side").value;
  if (controller && controller !== (claim.controller_side || "")) body.controller_side = controller;
  if ($("claim_date").value && $("claim_date").value !== claim.claim_date) body.claim_date = $("claim_date").value;
  const chosen = state.context.candidates[state.candidate];
  if (chosen && chosen.id !== claim.place_id) body.place_id = chosen.id;
  return body;
}

async function decide(status) {
  if (state.index < 0) return;
  const claim = state.queue[state.index];
  const reviewer = $("reviewer").value.trim();
  localStorage.setItem("frontline-reviewer", reviewer);
  const body = Object.assign({ status: status, revision: claim.revision }, corrections(claim));
  if ($("note").value !== (claim.review_note || "")) body.note = $("note").value;
  if (reviewer) body.by = reviewer;
  const response = await fetch("/api/claims/" + encodeURIComponent(claim.id) + "/review", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Frontline-Token": TOKEN },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (response.status === 409) {
    state.queue[state.index] = answer.claim;
    say("Changed since it was loaded: now " + answer.claim.status +
        (answer.claim.reviewed_by ? " by " + answer.claim.reviewed_by : "") + ". Decide again.", true);
    return select(state.index);
  }
  if (!response.ok) return say(answer.error || response.statusText, true);
  say(status + ": " + describe(answer));
  const wanted = params().get("status");
  if (wanted !== "any" && wanted !== answer.status) {
    state.queue.splice(state.index, 1);
    $("total").textContent = "(" + state.queue.length + " left)";
    return select(Math.min(state.index, state.queue.length - 1));
  }
  state.queue[state.index] = answer;
  return select(Math.min(state.index + 1, state.queue.length - 1));
}

function cycle(id, values) {
  const field = $(id);
  field.value = values[(values.indexOf(field.value) + 1) % values.length];
}

const KEYS = {
  j: () => select(Math.min(state.index + 1, state.queue.length - 1)),
  ArrowDown: () => select(Math.min(state.index + 1, state.queue.length - 1)),
  k: () => select(Math.max(state.index - 1, 0)),
  ArrowUp: () => select(Math.max(state.index - 1, 0)),
  a: () => decide("accepted"),
  r: () => decide("rejected"),
  c: () => chooseCandidate(state.candidate + 1),
  C: () => chooseCandidate(state.candidate - 1),
  s: () => cycle("claimant_side", SIDES),
  o: () => cycle("controller_side", CONTROLLERS),
  p: () => $("percent").focus(),
  d: () => $("claim_date").focus(),
  n: () => $("note").focus(),
};
KINDS.forEach((kind, i) => { KEYS[String(i + 1)] = () => { $("kind").value = kind; }; });

document.addEventListener("keydown", (event) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
  if (typing) {
    if (event.key === "Escape") event.target.blur();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const action = KEYS[event.key];
  if (action && state.index >= 0) {
    event.preventDefault();
    action();
  }
});

document.addEventListener("DOMContentLoaded", () => {
  $("reviewer").value = localStorage.getItem("frontline-reviewer") || "";
  $("accept").addEventListener("click", () => decide("accepted"));
  $("reject").addEventListener("click", () => decide("rejected"));
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const name of FILTERS) {
      const value = $("filters").elements[name].value;
      if (value) query.set(name, value);
    }
    history.replaceState(null, "", "?" + query.toString());
    loadQueue();
  });
  loadQueue();
});
