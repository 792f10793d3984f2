// The event decoder on hand-made logs: an event is decoded with the IDL of
// the program running when it was logged, CPIs included, in log order.

import assert from "node:assert/strict";
import { test } from "node:test";

import { BN, BorshCoder, convertIdlToCamelCase } from "@anchor-lang/core";
import { Keypair, PublicKey } from "@solana/web3.js";

import { IDLS, PROGRAM_IDS, decodeEvents, eventsNamed, type ProgramName } from "../src";

/** A `Program data:` line as `emit!` writes it: discriminator, then the borsh fields. */
function dataLine(program: ProgramName, event: string, fields: object): string {
  const idl = IDLS[program];
  const discriminator = idl.events!.find((e) => e.name === event)!.discriminator;
  const camel = event[0]!.toLowerCase() + event.slice(1);
  const body = new BorshCoder(convertIdlToCamelCase(idl)).types.encode(camel, fields);
  return `Program data: ${Buffer.concat([Buffer.from(discriminator), body]).toString("base64")}`;
}

const invoke = (id: PublicKey, depth: number) => `Program ${id.toBase58()} invoke [${depth}]`;
const success = (id: PublicKey) => `Program ${id.toBase58()} success`;

test("events are decoded per program, in order, CPIs included", () => {
  const { stream_escrow: escrow, governance, track_registry: registry } = PROGRAM_IDS;
  const stranger = Keypair.generate().publicKey;
  const [mint, vault, listener] = [0, 1, 2].map(() => Keypair.generate().publicKey) as PublicKey[];
  const initialized = dataLine("stream_escrow", "EscrowInitialized", { paymentMint: mint, vault });
  const deposited = dataLine("stream_escrow", "ListenerDeposited", {
    listener,
    amount: new BN(5),
    balanceBefore: new BN(0),
    balanceAfter: new BN(5),
  });
  const logs = [
    invoke(escrow, 1),
    "Program log: Instruction: InitEscrow",
    invoke(stranger, 2),
    // Another program's data line with an Encore discriminator is not an Encore event.
    initialized,
    success(stranger),
    initialized,
    `Program ${escrow.toBase58()} consumed 1000 of 200000 compute units`,
    success(escrow),
    invoke(registry, 1),
    invoke(governance, 2),
    success(governance),
    success(registry),
    invoke(escrow, 1),
    deposited,
    success(escrow),
  ];
  const events = decodeEvents(logs);
  assert.deepEqual(
    events.map((e) => `${e.program}:${e.name}`),
    ["stream_escrow:EscrowInitialized", "stream_escrow:ListenerDeposited"],
  );
  const [init] = eventsNamed(events, "EscrowInitialized");
  assert.ok(init!.paymentMint.equals(mint) && init!.vault.equals(vault));
  const [deposit] = eventsNamed(events, "ListenerDeposited");
  assert.ok(deposit!.listener.equals(listener));
  assert.equal(deposit!.balanceAfter.toString(), "5");
});

test("the local node's logs, with their extra invoke and success lines, decode the same", () => {
  // As `encore localnet` logs a call into a program that calls another:
  // the top level twice, the nested call three times, at two depths.
  const { stream_escrow: escrow, royalty_shares: shares } = PROGRAM_IDS;
  const outer = dataLine("stream_escrow", "EscrowInitialized", {
    paymentMint: PublicKey.default,
    vault: PublicKey.default,
  });
  const inner = dataLine("royalty_shares", "RevenueDeposited", {
    track: PublicKey.default,
    depositor: PublicKey.default,
    amount: new BN(7),
    unreleasedBefore: new BN(0),
    unreleasedAfter: new BN(7),
    releaseEnd: new BN(86_400),
  });
  const logs = [
    invoke(escrow, 1),
    invoke(escrow, 1),
    invoke(shares, 1),
    invoke(shares, 2),
    invoke(shares, 2),
    inner,
    success(shares),
    success(shares),
    success(shares),
    outer,
    success(escrow),
    success(escrow),
  ];
  const events = decodeEvents(logs);
  assert.deepEqual(
    events.map((e) => `${e.program}:${e.name}`),
    ["royalty_shares:RevenueDeposited", "stream_escrow:EscrowInitialized"],
  );
  assert.equal((events[0]!.data as { amount: BN }).amount.toString(), "7");
});

test("unknown data lines and trailing bytes are skipped, short events are errors", () => {
  const escrow = PROGRAM_IDS.stream_escrow;
  const unknown = `Program data: ${Buffer.alloc(16, 1).toString("base64")}`;
  assert.deepEqual(decodeEvents([invoke(escrow, 1), unknown, success(escrow)]), []);
  const line = dataLine("stream_escrow", "ListenerDeposited", {
    listener: PublicKey.default,
    amount: new BN(5),
    balanceBefore: new BN(0),
    balanceAfter: new BN(5),
  });
  const bytes = Buffer.from(line.slice("Program data: ".length), "base64");
  const logged = (data: Buffer) => [invoke(escrow, 1), `Program data: ${data.toString("base64")}`, success(escrow)];
  // Anchor's coder alone would read the missing balance as 0.
  assert.throws(() => decodeEvents(logged(bytes.subarray(0, 50))), /do not decode/);
  const extended = decodeEvents(logged(Buffer.concat([bytes, Buffer.alloc(3)])));
  assert.equal(eventsNamed(extended, "ListenerDeposited")[0]!.balanceAfter.toString(), "5");
});
