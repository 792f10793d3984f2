export { IDLS, PROGRAM_NAMES, type ProgramName } from "./idl";
export {
  GOVERNANCE_ID,
  PROGRAM_IDS,
  ROYALTY_POOL_ID,
  ROYALTY_SHARES_ID,
  STREAM_ESCROW_ID,
  TRACK_REGISTRY_ID,
  programs,
  type EncorePrograms,
} from "./programs";
export * as pda from "./pda";
export type { Pda } from "./pda";
export { COMMIT_DOMAIN, Encore, associatedTokenAddress, registrationCommitment } from "./client";
export * from "./events";
export * from "./send";
export type * from "./types";
export { BN } from "@anchor-lang/core";
