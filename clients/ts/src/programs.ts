// Program ids (from the IDLs' `address`) and Anchor `Program` clients.

import { Program } from "@anchor-lang/core";
import { PublicKey, type Connection } from "@solana/web3.js";

import { IDLS, PROGRAM_NAMES, type ProgramName } from "./idl";

export const PROGRAM_IDS: Readonly<Record<ProgramName, PublicKey>> = Object.freeze(
  Object.fromEntries(
    PROGRAM_NAMES.map((name) => [name, new PublicKey(IDLS[name].address)]),
  ) as Record<ProgramName, PublicKey>,
);

export const TRACK_REGISTRY_ID = PROGRAM_IDS.track_registry;
export const STREAM_ESCROW_ID = PROGRAM_IDS.stream_escrow;
export const ROYALTY_SHARES_ID = PROGRAM_IDS.royalty_shares;
export const ROYALTY_POOL_ID = PROGRAM_IDS.royalty_pool;
export const GOVERNANCE_ID = PROGRAM_IDS.governance;

export type EncorePrograms = Readonly<Record<ProgramName, Program>>;

/**
 * An Anchor `Program` for each Encore program. Instructions are built, never
 * sent, through them, so a read-only provider (the connection alone) is enough.
 */
export function programs(connection: Connection): EncorePrograms {
  return Object.freeze(
    Object.fromEntries(
      PROGRAM_NAMES.map((name) => [name, new Program(IDLS[name], { connection })]),
    ) as Record<ProgramName, Program>,
  );
}
