// Encore dashboard: renders the JSON the `encore dashboard` server reads
// from the chain. Routes: #/ (overview), #/artist/<wallet>,
// #/listener/<wallet>, #/pool/<pool or track>.
"use strict";

const view = document.getElementById("view");

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const short = (key) => (key && key.length > 12 ? `${key.slice(0, 4)}…${key.slice(-4)}` : key);
const when = (secs) => (secs ? new Date(secs * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "-");
const ui = (amount) => (amount ? amount.ui : "-");

function stat(label, value, field) {
  return el("div", { class: "stat" }, el("div", { class: "label" }, label),
    el("div", { class: "value", "data-field": field }, value));
}

function link(kind, key, text) {
  return el("a", { href: `#/${kind}/${key}`, class: "mono" }, text || short(key));
}

function table(headers, rows, rowAttrs) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.num ? "num" : null }, h.label || h)))),
    el("tbody", {}, rows.map((cells, i) => el("tr", rowAttrs ? rowAttrs(i) : {},
      cells.map((c, j) => el("td", { class: headers[j].num ? "num" : null, "data-field": headers[j].field }, c))))));
}

// A line chart of one or more series of [unix seconds, value] points.
function chart(name, series, yLabel, fromZero = true) {
  const W = 1000, H = 220, L = 64, R = 16, T = 14, B = 30;
  const all = series.flatMap((s) => s.points);
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.setAttribute("class", "chart");
  svg.setAttribute("data-chart", name);
  svg.setAttribute("data-points", String(series[0] ? series[0].points.length : 0));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", yLabel);
  const add = (tag, attrs, text) => {
    const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
    return n;
  };
  if (all.length === 0) {
    add("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "nothing yet");
    return svg;
  }
  let x0 = Math.min(...all.map((p) => p[0])), x1 = Math.max(...all.map((p) => p[0]));
  let y0 = Math.min(...all.map((p) => p[1])), y1 = Math.max(...all.map((p) => p[1]));
  if (fromZero) y0 = Math.min(0, y0);
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  if (y1 === y0) { y1 += Math.abs(y1) * 0.05 || 1; y0 -= fromZero ? 0 : Math.abs(y0) * 0.05; }
  const pad = (y1 - y0) * 0.08;
  y1 += pad;
  if (!fromZero) y0 -= pad;
  const sx = (x) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  add("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B });
  add("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B });
  const fmt = (v) => (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4));
  add("text", { x: L - 6, y: sy(y1) + 4, "text-anchor": "end" }, fmt(y1));
  add("text", { x: L - 6, y: sy(y0) + 4, "text-anchor": "end" }, fmt(y0));
  add("text", { x: L, y: H - 10 }, when(x0).slice(5, 16));
  add("text", { x: W - R, y: H - 10, "text-anchor": "end" }, when(x1).slice(5, 16));
  for (const s of series) {
    let d = "";
    s.points.forEach((p, i) => {
      if (i === 0) d += `M${sx(p[0])},${sy(p[1])}`;
      else if (s.step) d += `H${sx(p[0])}V${sy(p[1])}`;
      else d += `L${sx(p[0])},${sy(p[1])}`;
    });
    if (s.step && s.until !== undefined && s.points.length) d += `H${sx(s.until)}`;
    add("path", { class: s.cls || "series", d });
    if (s.dots) for (const p of s.points) add("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 3 });
  }
  return svg;
}

function legend(items) {
  return el("p", { class: "legend" }, items.map(([color, text]) =>
    el("span", {}, el("span", { class: "swatch", style: `background:${color}` }), text, "  ")));
}

async function getJson(path) {
  const res = await fetch(path, { cache: "no-store" });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function overview() {
  const o = await getJson("/api/overview");
  document.getElementById("footer").textContent = `Reading ${o.rpc_url} · slot ${o.slot} · chain time ${when(o.unix_timestamp)}`;
  return el("div", { "data-view": "overview" },
    el("h1", {}, "Encore on this cluster"),
    el("div", { class: "card" }, el("h2", {}, "Artists"),
      o.artists.length ? table([{ label: "Handle" }, { label: "Wallet" }, { label: "Tracks", num: true }],
        o.artists.map((a) => [link("artist", a.authority, `@${a.handle}`), el("span", { class: "mono" }, a.authority), a.tracks]))
        : el("p", { class: "muted" }, "No artists yet.")),
    el("div", { class: "card" }, el("h2", {}, "Pools"),
      o.pools.length ? table([{ label: "Pool" }, { label: "Track" }, { label: "Shares", num: true }, { label: "Quote", num: true }],
        o.pools.map((p) => [link("pool", p.pool), el("span", { class: "mono" }, short(p.track)), ui(p.reserve_share), ui(p.reserve_quote)]))
        : el("p", { class: "muted" }, "No pools yet.")),
    el("div", { class: "card" }, el("h2", {}, "Listeners"),
      o.listeners.length ? table([{ label: "Wallet" }, { label: "Balance", num: true }, { label: "Plays paid", num: true }],
        o.listeners.map((l) => [link("listener", l.wallet, l.wallet), l.balance.ui, l.lifetime_plays]))
        : el("p", { class: "muted" }, "No listeners yet.")));
}

async function artist(key) {
  const r = await getJson(`/api/artist/${key}`);
  const a = r.artist;
  return el("div", { "data-view": "artist", "data-authority": a.authority },
    el("h1", {}, `@${a.handle}`, a.display_name ? ` · ${a.display_name}` : ""),
    el("div", { class: "card" }, el("div", { class: "stats" },
      stat("Wallet", short(a.authority), "authority"),
      stat("Tracks", String(r.tracks.length), "track-count"),
      stat("Plays paid", String(r.tracks.reduce((n, t) => n + (t.track.ledger ? t.track.ledger.plays : 0), 0)), "total-plays"),
      stat("Profile since", when(a.created_at).slice(0, 10), "created"))),
    r.tracks.map((t) => trackCard(t, r.unix_timestamp)));
}

function trackCard(t, now) {
  const tv = t.track;
  const ledger = tv.ledger;
  const start = tv.registered_at;
  const points = [[start, 0]].concat(t.earnings.filter((e) => e.time).map((e) => [e.time, Number(e.cumulative.ui)]));
  const holders = t.holders;
  return el("div", { class: "card", "data-track": tv.track },
    el("h2", {}, el("span", { class: "mono" }, tv.track), " ", el("span", { class: "muted" }, tv.status)),
    el("p", { class: "muted" }, [tv.metadata_uri, `${tv.terms.price || tv.terms.price_per_play} per play`, tv.parent ? `derivative of ${short(tv.parent)}` : null].filter(Boolean).join(" · ")),
    el("div", { class: "stats" },
      stat("Plays paid", ledger ? String(ledger.plays) : "0", "plays"),
      stat("Earned", ledger ? ledger.earned.ui : "0", "earned"),
      stat("Collected", ledger ? ledger.collected.ui : "0", "collected"),
      stat("Waiting to collect", ledger ? ledger.owed.ui : "0", "owed"),
      stat("Holders", String(holders.length), "holders"),
      stat("Revenue claimed", t.shares ? t.shares.revenue.claimed.ui : "-", "claimed")),
    el("h3", {}, "Earnings collected over time"),
    chart(`earnings-${tv.track}`, [{ points, step: true, until: now, dots: true }], "cumulative earnings collected"),
    holders.length ? [el("h3", {}, "Holders"),
      table([{ label: "Owner" }, { label: "Kind" }, { label: "Staked", num: true, field: "staked" }, { label: "In wallet", num: true, field: "unstaked" }, { label: "Total", num: true, field: "total" }, { label: "Of supply", num: true }],
        holders.map((h) => [h.kind === "pool" ? link("pool", h.owner) : el("span", { class: "mono" }, short(h.owner)), h.kind, h.staked.ui, h.unstaked.ui, h.total.ui, `${(h.supply_bps / 100).toFixed(2)}%`]),
        (i) => ({ "data-holder": holders[i].owner }))]
      : el("p", { class: "muted" }, "No shares issued."));
}

async function listener(key) {
  const r = await getJson(`/api/listener/${key}`);
  return el("div", { "data-view": "listener", "data-wallet": r.wallet },
    el("h1", {}, "Listener ", el("span", { class: "mono" }, short(r.wallet))),
    r.balances.map((b) => el("div", { class: "card", "data-mint": b.payment_mint },
      el("h2", {}, "Balance in ", el("span", { class: "mono" }, b.payment_mint)),
      el("div", { class: "stats" },
        stat("Balance", b.balance.ui, "balance"),
        stat("Cap per period", b.cap_per_period ? `${b.cap_per_period.ui} / ${b.cap_period_secs}s` : "none", "cap"),
        stat("Spent this period", b.spent_this_period.ui, "spent-this-period"),
        stat("Pending withdrawal", b.withdrawal ? b.withdrawal.amount.ui : "none", "withdrawal"),
        stat("Withdrawable from", b.withdrawal ? when(b.withdrawal.available_at) : "-", "withdrawal-at"),
        stat("Spent in all", b.lifetime_spent.ui, "lifetime-spent"),
        stat("Plays paid", String(b.lifetime_plays), "lifetime-plays"),
        stat("Refunded", b.lifetime_refunded.ui, "lifetime-refunded")),
      el("h3", {}, "Charged per track"),
      b.charges.tracks.length
        ? table([{ label: "Track" }, { label: "Plays paid", num: true, field: "plays" }, { label: "Charged", num: true, field: "charged" }],
          b.charges.tracks.map((t) => [el("span", { class: "mono" }, t.track), t.plays, t.charged.ui]), (i) => ({ "data-charged-track": b.charges.tracks[i].track }))
        : el("p", { class: "muted" }, "Nothing charged yet."),
      el("p", { class: "muted", "data-field": "charges-check" }, b.charges.complete
        ? (b.charges.total.base_units === b.lifetime_spent.base_units
          ? `Per-track charges add up to the balance's lifetime spending (${b.charges.batches} settle batches read).`
          : `Per-track charges total ${b.charges.total.ui}; the balance records ${b.lifetime_spent.ui}.`)
        : `From the latest transactions only (${b.charges.batches} settle batches read).`),
      el("h3", {}, "Charged per settler"),
      b.tabs.length
        ? table([{ label: "Settler" }, { label: "Epoch", num: true }, { label: "Charged", num: true, field: "tab-charged" }, { label: "Disputed" }],
          b.tabs.map((t) => [el("span", { class: "mono" }, short(t.settler)), t.epoch, t.charged.ui, t.disputed ? "yes" : "no"]))
        : el("p", { class: "muted" }, "No settler has charged this balance."))));
}

async function pool(key) {
  const r = await getJson(`/api/pool/${key}`);
  const p = r.pool;
  const history = r.history.map((x) => [x.from, Number(x.mean_quote_per_share)]);
  const last = r.history.length ? r.history[r.history.length - 1].to : r.twap.to;
  const spots = r.prices.map((x) => [x.time, Number(x.quote_per_share)]);
  const twap = Number(r.twap.quote_per_share);
  return el("div", { "data-view": "pool", "data-pool": p.pool },
    el("h1", {}, "Pool ", el("span", { class: "mono" }, short(p.pool))),
    el("div", { class: "card" }, el("div", { class: "stats" },
      stat("Share reserve", p.reserve_share.ui, "reserve-share"),
      stat("Quote reserve", p.reserve_quote.ui, "reserve-quote"),
      stat("LP supply", p.lp_supply.ui, "lp-supply"),
      stat("Spot price", p.spot_price.quote_per_share, "spot-price"),
      stat("Mean price since opening", r.twap.quote_per_share, "twap"),
      stat("Fee", `${(p.fee_bps / 100).toFixed(2)}%`, "fee"),
      stat("LP earnings held", p.earnings.ui, "earnings"),
      stat("Reserve earned in all", p.earned_total.ui, "earned-total")),
      el("p", { class: "muted" }, "Track ", el("span", { class: "mono" }, p.track), " · quote mint ", el("span", { class: "mono" }, p.quote_mint))),
    el("div", { class: "card" }, el("h2", {}, "Price history (quote per share)"),
      chart("price", [{ points: history, step: true, until: last },
        { points: spots, cls: "none", dots: true },
        { points: [[r.twap.from, twap], [r.twap.to, twap]], cls: "series2" }], "quote per share", false),
      legend([["var(--accent)", "mean price between changes, from the pool's price accumulator (dots: the price each trade or liquidity change left)"], ["var(--accent2)", "mean since opening"]])),
    el("div", { class: "card" }, el("h2", {}, "Recent trades"),
      r.trades.length
        ? table([{ label: "Time" }, { label: "Side", field: "side" }, { label: "Shares", num: true, field: "shares" }, { label: "Quote", num: true, field: "quote" }, { label: "Price", num: true, field: "price" }, { label: "Trader" }],
          r.trades.map((t) => [when(t.time), t.side, t.shares.ui, t.quote.ui, t.price, el("span", { class: "mono" }, short(t.trader))]),
          (i) => ({ "data-trade": r.trades[i].signature }))
        : el("p", { class: "muted" }, "No trades yet.")));
}

async function render() {
  const [, kind, key] = (location.hash || "#/").slice(1).split("/");
  const pages = { artist, listener, pool };
  view.replaceChildren(el("p", { class: "muted" }, "Loading…"));
  document.body.removeAttribute("data-ready");
  try {
    const page = pages[kind] && key ? await pages[kind](key) : await overview();
    view.replaceChildren(page);
  } catch (e) {
    view.replaceChildren(el("p", { class: "error", "data-error": "" }, e.message));
  }
  document.body.setAttribute("data-ready", kind || "overview");
}

document.getElementById("lookup").addEventListener("submit", (event) => {
  event.preventDefault();
  const kind = document.getElementById("lookup-kind").value;
  const key = document.getElementById("lookup-key").value.trim();
  if (key) location.hash = `#/${kind}/${key}`;
});
window.addEventListener("hashchange", render);
render();
if (!document.getElementById("footer").textContent) {
  getJson("/api/overview").then((o) => {
    document.getElementById("footer").textContent = `Reading ${o.rpc_url} · slot ${o.slot}`;
  }).catch(() => {});
}
