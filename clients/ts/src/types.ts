// Instruction arguments and accounts as Anchor's TypeScript coder takes and
// returns them: camelCase fields, `BN` for 64- and 128-bit integers, `number`
// below that, `null` for `None`, and enums as `{ variant: {} }`.

import type { BN } from "@anchor-lang/core";
import type { PublicKey } from "@solana/web3.js";

/** 32 bytes (a sha256, a salt, a commitment). Decoded accounts hold `number[]`. */
export type Bytes32 = Uint8Array | number[];

type Unit = Record<string, never>;

// track_registry

export interface CreateArtistArgs {
  /** 3-32 characters of a-z, 0-9 or _. */
  handle: string;
  /** Up to 64 bytes. */
  displayName: string;
  /** Profile JSON, up to 200 bytes. */
  metadataUri: string;
}

/** Licence terms as the artist supplies them; the payment mint is the registration's. */
export interface TermsArgs {
  /** Price of one play, in base units of the payment mint. */
  pricePerPlay: BN;
  allowRemix: boolean;
  allowCommercial: boolean;
  allowDerivative: boolean;
  /** Share of a derivative work's revenue owed to this track, in bps (0 unless derivatives are allowed). */
  derivativeShareBps: number;
}

export interface RegisterTrackArgs {
  /** sha256 of the audio file. */
  contentHash: Bytes32;
  /** Upper-case ISRC without hyphens (12 ASCII bytes), if the recording has one. */
  isrc: number[] | null;
  /** Track JSON, up to 200 bytes. */
  metadataUri: string;
  terms: TermsArgs;
}

export interface LicenceTerms {
  paymentMint: PublicKey;
  pricePerPlay: BN;
  allowRemix: boolean;
  allowCommercial: boolean;
  allowDerivative: boolean;
  derivativeShareBps: number;
}

export type TrackStatus = { active: Unit } | { paused: Unit } | { retired: Unit };

export interface Artist {
  authority: PublicKey;
  trackCount: number;
  createdAt: BN;
  bump: number;
  handle: string;
  displayName: string;
  metadataUri: string;
}

export interface Track {
  artist: PublicKey;
  authority: PublicKey;
  contentHash: number[];
  terms: LicenceTerms;
  status: TrackStatus;
  termsVersion: number;
  registeredAt: BN;
  updatedAt: BN;
  claimSlot: BN;
  committed: boolean;
  /** The default key for an original. */
  parent: PublicKey;
  upstreamBps: number;
  depth: number;
  disputed: boolean;
  sharesVoid: boolean;
  bump: number;
  isrc: number[] | null;
  pendingAuthority: PublicKey | null;
  shareMint: PublicKey | null;
  metadataUri: string;
}

export interface RegistrationCommit {
  authority: PublicKey;
  commitment: number[];
  slot: BN;
  bump: number;
}

// stream_escrow

export interface Escrow {
  paymentMint: PublicKey;
  vault: PublicKey;
  totalDeposited: BN;
  totalWithdrawn: BN;
  totalCollected: BN;
  totalProtocolFees: BN;
  totalSettlerFees: BN;
  bump: number;
  vaultBump: number;
  totalRefunded: BN;
}

export interface CapChange {
  at: BN;
  /** `u64::MAX` is uncapped. */
  cap: BN;
  periodSecs: BN;
}

export interface SettleWindow {
  open: boolean;
  settler: PublicKey;
  first: BN;
  last: BN;
  entries: number;
  settled: number;
  openedAt: BN;
  done: number[];
}

export interface ChargeWindows {
  start: BN;
  current: BN;
  previous: BN;
}

export interface Tab {
  /** The default key marks a free slot. */
  settler: PublicKey;
  epoch: number;
  charged: BN;
  windows: ChargeWindows;
  disputes: number;
  disputed: boolean;
}

export interface Listener {
  wallet: PublicKey;
  paymentMint: PublicKey;
  balance: BN;
  /** `u64::MAX` is uncapped. */
  capPerPeriod: BN;
  capPeriodSecs: BN;
  periodStart: BN;
  spentThisPeriod: BN;
  capChanges: CapChange[];
  capChangeCount: number;
  withdrawalAmount: BN;
  withdrawalRequestedAt: BN;
  withdrawalAvailableAt: BN;
  settledThrough: BN;
  windowsOpened: number;
  window: SettleWindow;
  lifetimeSpent: BN;
  lifetimePlays: BN;
  bump: number;
  receiptKey: PublicKey;
  revokedKey: PublicKey;
  revokedAt: BN;
  tabEpoch: number;
  tabs: Tab[];
  lifetimeRefunded: BN;
}
