// Anchor events of the five programs from a transaction's log messages.
//
// Each `emit!` is one `Program data: <base64>` line (8-byte discriminator,
// then the borsh fields) written while its program is the innermost one
// running. The invocation stack is followed through `invoke [n]` and
// `success`/`failed` lines, so an event is decoded with the IDL of the
// program that logged it, CPIs included, in log order. (Anchor's
// `EventParser` follows one program at a time, and throws on the logs of
// `encore localnet`, whose natively run programs log extra `invoke` and
// `success` lines; any balanced stack reads the same here.)

import { BorshCoder, convertIdlToCamelCase, type BN } from "@anchor-lang/core";
import type { PublicKey } from "@solana/web3.js";

import { IDLS, PROGRAM_NAMES, type ProgramName } from "./idl";
import { PROGRAM_IDS } from "./programs";
import type { LicenceTerms } from "./types";

export interface EncoreEvent<D = Record<string, unknown>> {
  program: ProgramName;
  /** As in the IDL (`TrackRegistered`); the fields are camelCase, as Anchor decodes them. */
  name: string;
  data: D;
}

const INVOKE = /^Program ([1-9A-HJ-NP-Za-km-z]+) invoke \[\d+\]$/;
const RETURN = /^Program ([1-9A-HJ-NP-Za-km-z]+) (?:success$|failed)/;
const DATA = "Program data: ";
const EVENT_DISCRIMINATOR_LEN = 8;

interface Decoder {
  program: ProgramName;
  coder: BorshCoder;
  /** camelCase event name (what the coder returns) to the IDL's. */
  names: Map<string, string>;
}

let decoders: Map<string, Decoder> | undefined;

function decoderFor(programId: string): Decoder | undefined {
  if (!decoders) {
    decoders = new Map(
      PROGRAM_NAMES.map((program) => {
        // camelCased as Anchor's `Program` does, so fields read the same as fetched accounts.
        const idl = convertIdlToCamelCase(IDLS[program]);
        const names = new Map(
          (idl.events ?? []).map((event, i) => [event.name, IDLS[program].events![i]!.name]),
        );
        return [PROGRAM_IDS[program].toBase58(), { program, coder: new BorshCoder(idl), names }];
      }),
    );
  }
  return decoders.get(programId);
}

/**
 * `encoded` decoded strictly: Anchor's layouts read missing bytes of fixed-size
 * fields as zeros, so the fields must also encode back to the bytes logged.
 */
function decode(decoder: Decoder, encoded: string): { name: string; data: unknown } | null {
  const fail = (why: string) =>
    new Error(`${decoder.program} logged an event whose fields do not decode (${why}): ${encoded}`);
  let event: { name: string; data: unknown } | null;
  try {
    event = decoder.coder.events.decode(encoded);
  } catch (err) {
    throw fail(String(err));
  }
  if (event === null) return null;
  const fields = Buffer.from(encoded, "base64").subarray(EVENT_DISCRIMINATOR_LEN);
  // Trailing bytes are tolerated, as borsh readers do (a field a later version appends).
  const again = decoder.coder.types.encode(event.name, event.data);
  if (!again.equals(fields.subarray(0, again.length))) {
    throw fail(`${fields.length} bytes are short of one ${decoder.names.get(event.name) ?? event.name}`);
  }
  return event;
}

/**
 * Every Encore event in `logs` (a transaction's `meta.logMessages`), in order.
 * Data lines of other programs, and lines whose discriminator is none of the
 * IDL's events, are skipped; a line with an event's discriminator whose
 * fields do not decode is an error.
 */
export function decodeEvents(logs: readonly string[]): EncoreEvent[] {
  const stack: string[] = [];
  const events: EncoreEvent[] = [];
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke) {
      stack.push(invoke[1]!);
      continue;
    }
    if (RETURN.test(line)) {
      stack.pop();
      continue;
    }
    if (!line.startsWith(DATA) || stack.length === 0) continue;
    const decoder = decoderFor(stack[stack.length - 1]!);
    if (!decoder) continue;
    // `sol_log_data` writes one base64 field per slice; Anchor logs one.
    const encoded = line.slice(DATA.length).split(" ")[0]!;
    const event = decode(decoder, encoded);
    // Not an event of this IDL (one added by a later program version): skipped.
    if (event === null) continue;
    events.push({
      program: decoder.program,
      name: decoder.names.get(event.name) ?? event.name,
      data: event.data as Record<string, unknown>,
    });
  }
  return events;
}

// The events a client of the quick-start flow reads, typed.

export interface ArtistCreated {
  artist: PublicKey;
  authority: PublicKey;
  handle: string;
}

export interface TrackRegistered {
  track: PublicKey;
  artist: PublicKey;
  contentHash: number[];
  terms: LicenceTerms;
}

export interface RegistrationCommitted {
  authority: PublicKey;
  commitment: number[];
  slot: BN;
}

export interface EscrowInitialized {
  paymentMint: PublicKey;
  vault: PublicKey;
}

export interface ListenerDeposited {
  listener: PublicKey;
  amount: BN;
  balanceBefore: BN;
  balanceAfter: BN;
}

export interface LedgerSynced {
  track: PublicKey;
  priceBefore: BN;
  priceAfter: BN;
  effectiveAt: BN;
  termsVersion: number;
}

export interface KnownEvents {
  ArtistCreated: ArtistCreated;
  TrackRegistered: TrackRegistered;
  RegistrationCommitted: RegistrationCommitted;
  EscrowInitialized: EscrowInitialized;
  ListenerDeposited: ListenerDeposited;
  LedgerSynced: LedgerSynced;
}

/** The events called `name` among `events`, typed. */
export function eventsNamed<N extends keyof KnownEvents>(
  events: readonly EncoreEvent[],
  name: N,
): KnownEvents[N][] {
  return events.filter((e) => e.name === name).map((e) => e.data as unknown as KnownEvents[N]);
}
