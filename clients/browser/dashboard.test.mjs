// The dashboard in a real browser: starts `encore localnet`, runs the demo
// against it, serves `encore dashboard`, opens its artist, listener and pool
// views in headless Chromium and checks each figure against what the CLI
// prints with `--output json`. Saves a screenshot of each view.
//
// ENCORE_BIN: the encore binary [default: ../../target/debug/encore]
// CHROMIUM: the browser [default: /usr/bin/chromium]
// SCREENSHOT_DIR: where screenshots go [default: ./out]
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createServer } from "node:net";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const ENCORE = resolve(process.env.ENCORE_BIN || join(here, "../../target/debug/encore"));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = resolve(process.env.SCREENSHOT_DIR || join(here, "out"));
const run = promisify(execFile);

const children = [];
let dir, keypair, rpc, dashboard, demo, browser, page;

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
    server.on("error", fail);
  });
}

// Starts a long-running encore command and resolves with the JSON it
// prints once it is up.
function start(args) {
  const child = spawn(ENCORE, args, { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "", err = "";
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`encore ${args.join(" ")} did not start:\n${err}`)), 120_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      try {
        const value = JSON.parse(out);
        clearTimeout(timer);
        ok(value);
      } catch {
        // not the whole document yet
      }
    });
    child.stderr.on("data", (chunk) => { err += chunk; });
    child.on("exit", (code) => { clearTimeout(timer); fail(new Error(`encore ${args.join(" ")} exited with ${code}:\n${err}`)); });
  });
}

async function encore(...args) {
  const { stdout } = await run(ENCORE, ["-u", rpc, "-k", keypair, "--output", "json", ...args], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout);
}

// Opens a route and waits for the page to have rendered it.
async function open(route) {
  await page.goto(`${dashboard}#${route}`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  const error = await page.$("[data-error]");
  assert.equal(error, null, error ? await error.textContent() : "");
}

const text = async (root, selector) => (await (await root.$(selector)).textContent()).trim();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "encore-dashboard-"));
  mkdirSync(SHOTS, { recursive: true });
  keypair = join(dir, "id.json");
  await run(ENCORE, ["wallet", "new", "--outfile", keypair]);
  const node = await start(["-k", keypair, "localnet", "--port", String(await freePort()), "-q", "--output", "json"]);
  rpc = node.url;
  // The demo sets governance up itself on a fresh node (the keypair is the
  // node's upgrade authority).
  demo = await encore("demo", "--wait", "2s");
  const served = await start(["-u", rpc, "dashboard", "--port", "0", "--output", "json"]);
  dashboard = served.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, { timeout: 600_000 });

after(async () => {
  await browser?.close();
  for (const child of children) child.kill("SIGTERM");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the overview lists the demo's artist, pool and listeners", async () => {
  await open("/");
  const artists = await page.$$eval("[data-view=overview] a[href^='#/artist/']", (as) => as.map((a) => a.getAttribute("href")));
  const wallet = demo.holders.find((h) => h.role === "artist").wallet;
  assert.deepEqual(artists, [`#/artist/${wallet}`]);
  const pools = await page.$$eval("[data-view=overview] a[href^='#/pool/']", (as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(pools, [`#/pool/${demo.pool.pool}`]);
  const listeners = await page.$$eval("[data-view=overview] a[href^='#/listener/']", (as) => as.length);
  assert.equal(listeners, demo.streaming.listeners);
  await page.screenshot({ path: join(SHOTS, "overview.png"), fullPage: true });
});

test("the artist view shows each track's plays, earnings and holders as the CLI does", async () => {
  const wallet = demo.holders.find((h) => h.role === "artist").wallet;
  await open(`/artist/${wallet}`);
  const cards = await page.$$("[data-track]");
  assert.equal(cards.length, demo.tracks.length);
  let plays = 0;
  for (const card of cards) {
    const track = await card.getAttribute("data-track");
    const shown = await encore("track", "show", track);
    assert.ok(shown.ledger, `track ${track} has a ledger`);
    assert.equal(await text(card, "[data-field=plays]"), String(shown.ledger.plays));
    assert.equal(await text(card, "[data-field=earned]"), shown.ledger.earned.ui);
    assert.equal(await text(card, "[data-field=collected]"), shown.ledger.collected.ui);
    assert.equal(await text(card, "[data-field=owed]"), shown.ledger.owed.ui);
    plays += shown.ledger.plays;
    // The demo's streaming summary counts the same plays per track.
    const title = demo.tracks.find((t) => t.track === track).title;
    assert.equal(shown.ledger.plays, demo.streaming.tracks.find((t) => t.title === title).plays_paid);

    const holders = await encore("shares", "holders", "--track", track);
    assert.equal(await text(card, "[data-field=holders]"), String(holders.length));
    for (const holder of holders) {
      const row = await card.$(`[data-holder="${holder.owner}"]`);
      assert.ok(row, `holder ${holder.owner} is listed`);
      assert.equal(await text(row, "[data-field=total]"), holder.total.ui);
      assert.equal(await text(row, "[data-field=staked]"), holder.staked.ui);
    }
    const shares = await encore("shares", "show", "--track", track);
    assert.equal(await text(card, "[data-field=claimed]"), shares.revenue.claimed.ui);

    // The chart starts at registration and has a point per collection.
    const points = Number(await (await card.$("svg[data-chart^=earnings]")).getAttribute("data-points"));
    assert.ok(points >= 2, `the earnings chart of ${track} has ${points} points`);
  }
  assert.equal(await text(page, "[data-field=total-plays]"), String(plays));
  assert.equal(plays, demo.streaming.plays_paid);
  await page.screenshot({ path: join(SHOTS, "artist.png"), fullPage: true });
});

test("the listener view shows balance, cap, withdrawal and charges as the CLI does", async () => {
  await open("/");
  const wallet = (await page.$eval("[data-view=overview] a[href^='#/listener/']", (a) => a.getAttribute("href"))).split("/").pop();
  await open(`/listener/${wallet}`);
  const sections = await page.$$("[data-mint]");
  assert.ok(sections.length >= 1);
  for (const section of sections) {
    const mint = await section.getAttribute("data-mint");
    const shown = await encore("escrow", "show", "--wallet", wallet, "--mint", mint);
    assert.equal(await text(section, "[data-field=balance]"), shown.balance.ui);
    assert.equal(await text(section, "[data-field=cap]"),
      shown.cap_per_period ? `${shown.cap_per_period.ui} / ${shown.cap_period_secs}s` : "none");
    assert.equal(await text(section, "[data-field=withdrawal]"), shown.withdrawal ? shown.withdrawal.amount.ui : "none");
    assert.equal(await text(section, "[data-field=lifetime-spent]"), shown.lifetime_spent.ui);
    assert.equal(await text(section, "[data-field=lifetime-plays]"), String(shown.lifetime_plays));
    const tabs = await section.$$eval("[data-field=tab-charged]", (cells) => cells.map((c) => c.textContent.trim()));
    assert.deepEqual(tabs, shown.tabs.map((t) => t.charged.ui));
    // What each track cost this listener, as the CLI reads it from the
    // settle transactions; together it is the balance's lifetime spending.
    const charges = await encore("escrow", "charges", "--wallet", wallet, "--mint", mint);
    assert.ok(charges.complete);
    assert.equal(charges.total.base_units, shown.lifetime_spent.base_units);
    const rows = await section.$$("[data-charged-track]");
    assert.equal(rows.length, charges.tracks.length);
    assert.ok(rows.length >= 1, "the listener was charged for some track");
    for (const t of charges.tracks) {
      const row = await section.$(`[data-charged-track="${t.track}"]`);
      assert.equal(await text(row, "[data-field=plays]"), String(t.plays));
      assert.equal(await text(row, "[data-field=charged]"), t.charged.ui);
    }
    assert.equal(charges.tracks.reduce((n, t) => n + t.plays, 0), shown.lifetime_plays);
    assert.match(await text(section, "[data-field=charges-check]"), /add up to the balance's lifetime spending/);
  }
  await page.screenshot({ path: join(SHOTS, "listener.png"), fullPage: true });
});

test("the pool view shows reserves, LP supply, price history and trades as the CLI does", async () => {
  await open(`/pool/${demo.pool.pool}`);
  const shown = await encore("pool", "show", "--pool", demo.pool.pool);
  assert.equal(await text(page, "[data-field=reserve-share]"), shown.reserve_share.ui);
  assert.equal(await text(page, "[data-field=reserve-quote]"), shown.reserve_quote.ui);
  assert.equal(await text(page, "[data-field=lp-supply]"), shown.lp_supply.ui);
  assert.equal(await text(page, "[data-field=spot-price]"), shown.spot_price.quote_per_share);
  assert.equal(await text(page, "[data-field=earnings]"), shown.earnings.ui);
  // The trades, newest first, are the demo's.
  const rows = await page.$$("[data-trade]");
  const trades = [...demo.pool.trades].reverse();
  assert.equal(rows.length, trades.length);
  for (const [i, row] of rows.entries()) {
    const t = trades[i];
    const buy = t.sell === "quote";
    assert.equal(await text(row, "[data-field=side]"), buy ? "buy" : "sell");
    assert.equal(await text(row, "[data-field=shares]"), (buy ? t.amount_out : t.amount_in).ui);
    assert.equal(await text(row, "[data-field=quote]"), (buy ? t.amount_in : t.amount_out).ui);
  }
  // The price history comes from the pool's accumulator: the mean price
  // between two changes, Δcumulative / Δtime from the events, must be the
  // price the first change left in the reserves (to the accumulator's
  // rounding), and the chart draws one step per interval.
  const report = await page.evaluate(async (p) => (await fetch(`/api/pool/${p}`)).json(), demo.pool.pool);
  assert.equal(report.prices.filter((p) => p.kind === "swap").length, trades.length);
  assert.ok(report.history.length >= 1);
  for (const interval of report.history) {
    const left = report.prices.filter((p) => p.time === interval.from).pop();
    const spot = Number(left.quote_per_share);
    const mean = Number(interval.mean_quote_per_share);
    assert.ok(Math.abs(mean - spot) <= spot * 1e-6, `from ${interval.from}: mean ${mean}, spot ${spot}`);
  }
  const points = Number(await page.$eval("svg[data-chart=price]", (s) => s.getAttribute("data-points")));
  assert.equal(points, report.history.length);
  const twap = Number(await text(page, "[data-field=twap]"));
  assert.ok(twap > 0, "the mean price comes from the accumulator");
  await page.screenshot({ path: join(SHOTS, "pool.png"), fullPage: true });
});
