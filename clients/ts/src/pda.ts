// Every Encore PDA, mirroring the programs' seeds (sdk/src/pda.rs). Each
// returns `[address, bump]`, as `findProgramAddressSync` does.

import { PublicKey } from "@solana/web3.js";

import {
  GOVERNANCE_ID,
  ROYALTY_POOL_ID,
  ROYALTY_SHARES_ID,
  STREAM_ESCROW_ID,
  TRACK_REGISTRY_ID,
} from "./programs";

export type Pda = [PublicKey, number];

const BPF_LOADER_UPGRADEABLE_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

/** The seed constants of each program's `constants.rs`. */
export const SEEDS = Object.freeze({
  trackRegistry: {
    artist: "artist",
    track: "track",
    registryAuthority: "registry_authority",
    commit: "commit",
    dispute: "track_dispute",
  },
  governance: {
    config: "config",
    settler: "settler",
    bond: "bond",
    change: "change",
  },
  royaltyShares: {
    royalty: "royalty",
    shareMint: "share_mint",
    revenueVault: "revenue_vault",
    shareVault: "share_vault",
    position: "position",
  },
  streamEscrow: {
    escrow: "escrow",
    vault: "vault",
    listener: "listener",
    ledger: "ledger",
    settlerState: "settler_state",
    dispute: "dispute",
    disputeAuthority: "dispute_authority",
  },
  royaltyPool: {
    pool: "pool",
    lpMint: "lp_mint",
    shareVault: "share_vault",
    quoteVault: "quote_vault",
  },
});

type Seed = string | PublicKey | Uint8Array | readonly number[];

function find(programId: PublicKey, ...seeds: Seed[]): Pda {
  return PublicKey.findProgramAddressSync(
    seeds.map((seed) =>
      typeof seed === "string"
        ? Buffer.from(seed, "utf8")
        : seed instanceof PublicKey
          ? seed.toBuffer()
          : Buffer.from(seed),
    ),
    programId,
  );
}

function bytes32(value: Uint8Array | readonly number[], what: string): Uint8Array {
  if (value.length !== 32) throw new Error(`${what} must be 32 bytes, not ${value.length}`);
  return Uint8Array.from(value);
}

function u32le(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32LE(value);
  return buf;
}

function u64le(value: bigint | number): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64LE(BigInt(value));
  return buf;
}

// track_registry

/** The artist profile of `authority`. */
export const artist = (authority: PublicKey): Pda =>
  find(TRACK_REGISTRY_ID, SEEDS.trackRegistry.artist, authority);

/** The track (and content claim) for the audio whose sha256 is `contentHash`. */
export const track = (contentHash: Uint8Array | readonly number[]): Pda =>
  find(TRACK_REGISTRY_ID, SEEDS.trackRegistry.track, bytes32(contentHash, "content hash"));

/** The open ownership dispute over `track`. */
export const trackDispute = (track: PublicKey): Pda =>
  find(TRACK_REGISTRY_ID, SEEDS.trackRegistry.dispute, track);

/** A registration commitment of `authority`. */
export const registrationCommit = (
  authority: PublicKey,
  commitment: Uint8Array | readonly number[],
): Pda =>
  find(TRACK_REGISTRY_ID, SEEDS.trackRegistry.commit, authority, bytes32(commitment, "commitment"));

/** The royalty shares program's signer for registry updates. */
export const registryAuthority = (): Pda =>
  find(ROYALTY_SHARES_ID, SEEDS.trackRegistry.registryAuthority);

// governance

/** The deployment's governance `ProtocolConfig` (also every bond vault's authority). */
export const config = (): Pda => find(GOVERNANCE_ID, SEEDS.governance.config);

/** The approval and bond record of the settler whose wallet is `wallet`. */
export const settler = (wallet: PublicKey): Pda =>
  find(GOVERNANCE_ID, SEEDS.governance.settler, wallet);

/** The token account holding the bond of the settler whose wallet is `wallet`. */
export const settlerBond = (wallet: PublicKey): Pda =>
  find(GOVERNANCE_ID, SEEDS.governance.bond, wallet);

/** The timelocked proposal numbered `id` (the config's `change_count` when proposed). */
export const change = (id: bigint | number): Pda =>
  find(GOVERNANCE_ID, SEEDS.governance.change, u64le(id));

/** The ProgramData account of an upgradeable program (where its upgrade authority is recorded). */
export const programData = (programId: PublicKey): Pda =>
  find(BPF_LOADER_UPGRADEABLE_ID, programId);

// royalty_shares

/** A track's `RoyaltyConfig`: authority of its share mint and vaults. */
export const royalty = (track: PublicKey): Pda =>
  find(ROYALTY_SHARES_ID, SEEDS.royaltyShares.royalty, track);

/** A track's royalty share mint. */
export const shareMint = (track: PublicKey): Pda =>
  find(ROYALTY_SHARES_ID, SEEDS.royaltyShares.shareMint, track);

/** The payment-token account holding a track's unclaimed revenue. */
export const revenueVault = (track: PublicKey): Pda =>
  find(ROYALTY_SHARES_ID, SEEDS.royaltyShares.revenueVault, track);

/** The account holding a track's staked shares. */
export const shareVault = (track: PublicKey): Pda =>
  find(ROYALTY_SHARES_ID, SEEDS.royaltyShares.shareVault, track);

/** `owner`'s staking position in a track. */
export const position = (track: PublicKey, owner: PublicKey): Pda =>
  find(ROYALTY_SHARES_ID, SEEDS.royaltyShares.position, track, owner);

// stream_escrow

/** The escrow record of a payment mint: authority of its pooled vault. */
export const escrow = (paymentMint: PublicKey): Pda =>
  find(STREAM_ESCROW_ID, SEEDS.streamEscrow.escrow, paymentMint);

/** The pooled token vault of a payment mint. */
export const escrowVault = (paymentMint: PublicKey): Pda =>
  find(STREAM_ESCROW_ID, SEEDS.streamEscrow.vault, paymentMint);

/** A listener's balance in a payment mint. */
export const listener = (paymentMint: PublicKey, wallet: PublicKey): Pda =>
  find(STREAM_ESCROW_ID, SEEDS.streamEscrow.listener, paymentMint, wallet);

/** A track's settlement ledger. */
export const ledger = (track: PublicKey): Pda =>
  find(STREAM_ESCROW_ID, SEEDS.streamEscrow.ledger, track);

/** A settler's batch sequence and fees in a payment mint. */
export const settlerState = (settler: PublicKey, paymentMint: PublicKey): Pda =>
  find(STREAM_ESCROW_ID, SEEDS.streamEscrow.settlerState, settler, paymentMint);

/** A listener's dispute number `number` of a settler's charges in its tab of `epoch`. */
export const dispute = (
  listener: PublicKey,
  settler: PublicKey,
  epoch: number,
  number: number,
): Pda =>
  find(STREAM_ESCROW_ID, SEEDS.streamEscrow.dispute, listener, settler, u32le(epoch), u32le(number));

/** The PDA that signs bond holds and releases for disputes in governance. */
export const disputeAuthority = (): Pda =>
  find(STREAM_ESCROW_ID, SEEDS.streamEscrow.disputeAuthority);

// royalty_pool

/** The royalty pool of a (share mint, quote mint) pair: authority of its LP mint and vaults. */
export const pool = (shareMint: PublicKey, quoteMint: PublicKey): Pda =>
  find(ROYALTY_POOL_ID, SEEDS.royaltyPool.pool, shareMint, quoteMint);

/** A pool's LP mint. */
export const lpMint = (pool: PublicKey): Pda => find(ROYALTY_POOL_ID, SEEDS.royaltyPool.lpMint, pool);

/** The account holding a pool's share reserve and share-side protocol fees. */
export const poolShareVault = (pool: PublicKey): Pda =>
  find(ROYALTY_POOL_ID, SEEDS.royaltyPool.shareVault, pool);

/** The account holding a pool's quote reserve and quote-side protocol fees. */
export const poolQuoteVault = (pool: PublicKey): Pda =>
  find(ROYALTY_POOL_ID, SEEDS.royaltyPool.quoteVault, pool);
