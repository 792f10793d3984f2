// `encore localnet` as a child process, for the tests: a fresh keypair, a
// free port, the node's JSON view once it is up, and a stop that always runs.

import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { Keypair, type PublicKey } from "@solana/web3.js";

/** What `encore localnet --output json` prints once the node is up. */
export interface LocalnetView {
  url: string;
  ws_url: string;
  programs: { name: string; id: string }[];
  upgrade_authority: string | null;
  /** The test USD mint (6 decimals). */
  mint: string;
  funded: string[];
}

export interface Localnet {
  view: LocalnetView;
  wallet: Keypair;
  keypairPath: string;
  /** Runs `encore -u <url> -k <keypair> --output json ARGS` and parses its output. */
  encore(...args: string[]): Promise<unknown>;
  stop(): Promise<void>;
}

/** clients/ts, from dist/test/. */
const PACKAGE_ROOT = resolve(__dirname, "..", "..");

/** `ENCORE_BIN`, or the workspace's debug build. */
export function encoreBin(): string {
  return resolve(PACKAGE_ROOT, process.env.ENCORE_BIN ?? "../../target/debug/encore");
}

/** The environment without ENCORE_* settings, so only the flags given count. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("ENCORE_")));
}

function listenable(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

/** A port the OS just handed out whose next port (the node's WebSocket) is free too. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((done, fail) => {
      const server = createServer();
      server.once("error", fail);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => done(typeof address === "object" && address ? address.port : 0));
      });
    });
    if (port > 0 && port < 65535 && (await listenable(port + 1))) return port;
  }
  throw new Error("no two free consecutive ports on 127.0.0.1");
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      done();
    });
    child.kill("SIGTERM");
  });
}

export interface LocalnetOptions {
  /** More wallets the node gives 1,000 SOL and 10,000 test USD. */
  fund?: PublicKey[];
  timeoutMs?: number;
}

/** Starts a node funded for a fresh keypair; `stop()` it in an `after` hook. */
export async function startLocalnet({ fund = [], timeoutMs = 120_000 }: LocalnetOptions = {}): Promise<Localnet> {
  const bin = encoreBin();
  const dir = mkdtempSync(join(tmpdir(), "encore-ts-"));
  const wallet = Keypair.generate();
  const keypairPath = join(dir, "wallet.json");
  writeFileSync(keypairPath, JSON.stringify([...wallet.secretKey]));
  const port = await freePortPair();
  const child = spawn(
    bin,
    [
      "localnet",
      "--port",
      String(port),
      "-k",
      keypairPath,
      "--output",
      "json",
      "-q",
      ...fund.flatMap((wallet) => ["--fund", wallet.toBase58()]),
    ],
    { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };

  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const view = await new Promise<LocalnetView>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`encore localnet printed no view within ${timeoutMs} ms\n${stderr}`)),
      timeoutMs,
    );
    child.once("error", (err) => {
      clearTimeout(timer);
      fail(new Error(`cannot run ${bin} (set ENCORE_BIN): ${err.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`encore localnet exited (${code ?? signal}) before it was up\n${stderr}`));
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        const parsed = JSON.parse(stdout) as LocalnetView;
        clearTimeout(timer);
        done(parsed);
      } catch {
        // The pretty-printed view is not complete yet.
      }
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });

  const run = promisify(execFile);
  const encore = async (...args: string[]): Promise<unknown> => {
    const { stdout: out } = await run(
      bin,
      ["-u", view.url, "-k", keypairPath, "--output", "json", ...args],
      { env: cleanEnv(), timeout: 120_000, maxBuffer: 16 << 20 },
    );
    return JSON.parse(out);
  };
  return { view, wallet, keypairPath, encore, stop };
}
