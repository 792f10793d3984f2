// Instruction builders and account fetchers over Anchor's `Program` clients.
// Builders pass every account explicitly (`accountsStrict`), derived as the
// Rust SDK derives them, and never send: see `sendAndConfirm`.

import { createHash } from "node:crypto";

import { utils, type Accounts, type AccountClient, type BN, type Program } from "@anchor-lang/core";
import {
  SystemProgram,
  type Connection,
  type PublicKey,
  type TransactionInstruction,
} from "@solana/web3.js";

import * as pda from "./pda";
import { programs, type EncorePrograms } from "./programs";
import type {
  Artist,
  Bytes32,
  CreateArtistArgs,
  Escrow,
  Listener,
  RegisterTrackArgs,
  RegistrationCommit,
  Track,
} from "./types";

/** Domain of a registration commitment (track_registry's `COMMIT_DOMAIN`). */
export const COMMIT_DOMAIN = "encore-register-1";

/**
 * The commitment `commit_registration` takes:
 * `sha256("encore-register-1" || contentHash || authority || salt)`.
 */
export function registrationCommitment(
  contentHash: Bytes32,
  authority: PublicKey,
  salt: Bytes32,
): number[] {
  return [
    ...createHash("sha256")
      .update(COMMIT_DOMAIN)
      .update(Uint8Array.from(contentHash))
      .update(authority.toBuffer())
      .update(Uint8Array.from(salt))
      .digest(),
  ];
}

/** The associated token account of `owner` in `mint` (where the CLI pays from). */
export function associatedTokenAddress(owner: PublicKey, mint: PublicKey): PublicKey {
  return utils.token.associatedAddress({ mint, owner });
}

export class Encore {
  readonly programs: EncorePrograms;

  constructor(readonly connection: Connection) {
    this.programs = programs(connection);
  }

  /**
   * `method` of `program` with every account given: `null` leaves an
   * optional account out. (The IDLs are used untyped, as `Idl`, so Anchor's
   * account map types cannot tell optional accounts apart.)
   */
  private build(
    program: Program,
    method: string,
    args: unknown[],
    accounts: Record<string, PublicKey | null>,
  ): Promise<TransactionInstruction> {
    return program.methods[method]!(...args)
      .accountsStrict(accounts as unknown as Accounts)
      .instruction();
  }

  /** The `name` account at `address`, or `null` when there is none. */
  private async fetch<T>(program: Program, name: string, address: PublicKey): Promise<T | null> {
    const client = (program.account as unknown as Record<string, AccountClient>)[name]!;
    return (await client.fetchNullable(address)) as T | null;
  }

  private get registry(): Program {
    return this.programs.track_registry;
  }

  private get escrowProgram(): Program {
    return this.programs.stream_escrow;
  }

  // track_registry

  /** Creates `authority`'s artist profile (one per wallet). */
  createArtist(authority: PublicKey, args: CreateArtistArgs): Promise<TransactionInstruction> {
    return this.build(this.registry, "createArtist", [args], {
      authority,
      artist: pda.artist(authority)[0],
      protocol: pda.config()[0],
      systemProgram: SystemProgram.programId,
    });
  }

  /**
   * Registers a track in one step, its content hash in the clear (front-runnable:
   * see `commitRegistration`). `parent`: the track this one derives from.
   */
  registerTrack(
    authority: PublicKey,
    paymentMint: PublicKey,
    args: RegisterTrackArgs,
    parent: PublicKey | null = null,
  ): Promise<TransactionInstruction> {
    return this.build(this.registry, "registerTrack", [args], {
      authority,
      artist: pda.artist(authority)[0],
      track: pda.track(args.contentHash)[0],
      paymentMint,
      protocol: pda.config()[0],
      systemProgram: SystemProgram.programId,
      parent,
    });
  }

  /** Step one of a registration no one can front-run: see `registrationCommitment`. */
  commitRegistration(authority: PublicKey, commitment: Bytes32): Promise<TransactionInstruction> {
    return this.build(this.registry, "commitRegistration", [commitment], {
      authority,
      commit: pda.registrationCommit(authority, commitment)[0],
      protocol: pda.config()[0],
      systemProgram: SystemProgram.programId,
    });
  }

  /**
   * Step two, in a later slot than the commitment: reveals `args.contentHash`
   * and `salt`. `previousArtist`: the artist profile of a later claim of the
   * same audio this reveal reclaims.
   */
  registerCommitted(
    authority: PublicKey,
    paymentMint: PublicKey,
    args: RegisterTrackArgs,
    salt: Bytes32,
    previousArtist: PublicKey | null = null,
    parent: PublicKey | null = null,
  ): Promise<TransactionInstruction> {
    const commitment = registrationCommitment(args.contentHash, authority, salt);
    return this.build(this.registry, "registerCommitted", [args, salt], {
      authority,
      artist: pda.artist(authority)[0],
      commit: pda.registrationCommit(authority, commitment)[0],
      track: pda.track(args.contentHash)[0],
      previousArtist,
      paymentMint,
      protocol: pda.config()[0],
      systemProgram: SystemProgram.programId,
      parent,
    });
  }

  // stream_escrow

  /** Opens the pooled vault of a payment mint (anyone, once per mint). */
  initEscrow(payer: PublicKey, paymentMint: PublicKey): Promise<TransactionInstruction> {
    return this.build(this.escrowProgram, "initEscrow", [], {
      payer,
      paymentMint,
      escrow: pda.escrow(paymentMint)[0],
      vault: pda.escrowVault(paymentMint)[0],
      tokenProgram: utils.token.TOKEN_PROGRAM_ID,
      systemProgram: SystemProgram.programId,
    });
  }

  /** Opens `wallet`'s listener balance in `paymentMint` (the mint's escrow must exist). */
  openListener(wallet: PublicKey, paymentMint: PublicKey): Promise<TransactionInstruction> {
    return this.build(this.escrowProgram, "openListener", [], {
      wallet,
      escrow: pda.escrow(paymentMint)[0],
      listener: pda.listener(paymentMint, wallet)[0],
      systemProgram: SystemProgram.programId,
    });
  }

  /** `openListener`, preceded by `initEscrow` when the mint has no escrow yet. */
  async listenerSetup(wallet: PublicKey, paymentMint: PublicKey): Promise<TransactionInstruction[]> {
    const instructions: TransactionInstruction[] = [];
    if ((await this.fetchEscrow(paymentMint)) === null) {
      instructions.push(await this.initEscrow(wallet, paymentMint));
    }
    instructions.push(await this.openListener(wallet, paymentMint));
    return instructions;
  }

  /**
   * Deposits `amount` base units into `wallet`'s listener balance, from
   * `source` (by default the wallet's associated token account).
   */
  deposit(
    wallet: PublicKey,
    paymentMint: PublicKey,
    amount: BN,
    source: PublicKey = associatedTokenAddress(wallet, paymentMint),
  ): Promise<TransactionInstruction> {
    return this.build(this.escrowProgram, "deposit", [amount], {
      wallet,
      listener: pda.listener(paymentMint, wallet)[0],
      escrow: pda.escrow(paymentMint)[0],
      vault: pda.escrowVault(paymentMint)[0],
      source,
      protocol: pda.config()[0],
      tokenProgram: utils.token.TOKEN_PROGRAM_ID,
    });
  }

  /** Opens a track's settlement ledger with the registry's terms (anyone; the CLI does it at registration). */
  openLedger(payer: PublicKey, track: PublicKey): Promise<TransactionInstruction> {
    return this.build(this.escrowProgram, "openLedger", [], {
      payer,
      track,
      ledger: pda.ledger(track)[0],
      protocol: pda.config()[0],
      systemProgram: SystemProgram.programId,
    });
  }

  // Accounts: `null` when there is none at the address.

  fetchArtist(address: PublicKey): Promise<Artist | null> {
    return this.fetch<Artist>(this.registry, "artist", address);
  }

  /** The artist profile of `authority`, with its address. */
  async artistOf(authority: PublicKey): Promise<[PublicKey, Artist] | null> {
    const address = pda.artist(authority)[0];
    const artist = await this.fetchArtist(address);
    return artist === null ? null : [address, artist];
  }

  fetchTrack(address: PublicKey): Promise<Track | null> {
    return this.fetch<Track>(this.registry, "track", address);
  }

  fetchRegistrationCommit(address: PublicKey): Promise<RegistrationCommit | null> {
    return this.fetch<RegistrationCommit>(this.registry, "registrationCommit", address);
  }

  /** The escrow of `paymentMint`. */
  fetchEscrow(paymentMint: PublicKey): Promise<Escrow | null> {
    return this.fetch<Escrow>(this.escrowProgram, "escrow", pda.escrow(paymentMint)[0]);
  }

  /** `wallet`'s listener balance in `paymentMint`. */
  fetchListener(paymentMint: PublicKey, wallet: PublicKey): Promise<Listener | null> {
    return this.fetch<Listener>(this.escrowProgram, "listener", pda.listener(paymentMint, wallet)[0]);
  }
}
