// Program ids pinned, and every PDA helper checked against its seeds written
// out by hand (as sdk/src/pda.rs's tests do), so a seed or id change cannot
// slip by unnoticed.

import assert from "node:assert/strict";
import { test } from "node:test";

import { Keypair, PublicKey } from "@solana/web3.js";

import { PROGRAM_IDS, pda } from "../src";

const derive = (programId: PublicKey, ...seeds: (string | Buffer | PublicKey)[]) =>
  PublicKey.findProgramAddressSync(
    seeds.map((s) => (typeof s === "string" ? Buffer.from(s) : s instanceof PublicKey ? s.toBuffer() : s)),
    programId,
  );

test("program ids are the IDLs' addresses", () => {
  assert.deepEqual(
    Object.fromEntries(Object.entries(PROGRAM_IDS).map(([name, id]) => [name, id.toBase58()])),
    {
      track_registry: "GPVZfa3vk4USqnLLCuzmvA47v2LUT9akJBe59b7aUE3B",
      stream_escrow: "FnfbPWWuFWokDffxVq7XVnxqGy69rVSFADAcNMwHTLpf",
      royalty_shares: "D1rpRDNBr8Ptvp8WaeqdaeAFaRQGTBdDrcrUAdzvDG8b",
      royalty_pool: "6epvHL2JKusNjoQsfDVt2swe7GWvU3Ci3x7T7VpDe5SE",
      governance: "6G6CTkW6dihcGUq7r5u36cwLy1dphSmffBkmF6CBK54p",
    },
  );
});

test("PDAs follow the programs' seeds", () => {
  const { track_registry: registry, stream_escrow: escrow, royalty_shares: shares, royalty_pool: pools, governance } =
    PROGRAM_IDS;
  const [a, b, mint] = [0, 1, 2].map(() => Keypair.generate().publicKey) as [PublicKey, PublicKey, PublicKey];
  const hash = Buffer.alloc(32, 7);
  const u32 = (n: number) => Buffer.from(Uint32Array.of(n).buffer);
  const cases: [string, [PublicKey, number], [PublicKey, number]][] = [
    ["artist", pda.artist(a), derive(registry, "artist", a)],
    ["track", pda.track(hash), derive(registry, "track", hash)],
    ["trackDispute", pda.trackDispute(a), derive(registry, "track_dispute", a)],
    ["registrationCommit", pda.registrationCommit(a, hash), derive(registry, "commit", a, hash)],
    ["registryAuthority", pda.registryAuthority(), derive(shares, "registry_authority")],
    ["config", pda.config(), derive(governance, "config")],
    ["settler", pda.settler(a), derive(governance, "settler", a)],
    ["settlerBond", pda.settlerBond(a), derive(governance, "bond", a)],
    ["change", pda.change(7), derive(governance, "change", Buffer.from([7, 0, 0, 0, 0, 0, 0, 0]))],
    [
      "programData",
      pda.programData(governance),
      derive(new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111"), governance),
    ],
    ["royalty", pda.royalty(a), derive(shares, "royalty", a)],
    ["shareMint", pda.shareMint(a), derive(shares, "share_mint", a)],
    ["revenueVault", pda.revenueVault(a), derive(shares, "revenue_vault", a)],
    ["shareVault", pda.shareVault(a), derive(shares, "share_vault", a)],
    ["position", pda.position(a, b), derive(shares, "position", a, b)],
    ["escrow", pda.escrow(mint), derive(escrow, "escrow", mint)],
    ["escrowVault", pda.escrowVault(mint), derive(escrow, "vault", mint)],
    ["listener", pda.listener(mint, a), derive(escrow, "listener", mint, a)],
    ["ledger", pda.ledger(a), derive(escrow, "ledger", a)],
    ["settlerState", pda.settlerState(a, mint), derive(escrow, "settler_state", a, mint)],
    ["dispute", pda.dispute(a, b, 3, 9), derive(escrow, "dispute", a, b, u32(3), u32(9))],
    ["disputeAuthority", pda.disputeAuthority(), derive(escrow, "dispute_authority")],
    ["pool", pda.pool(a, mint), derive(pools, "pool", a, mint)],
    ["lpMint", pda.lpMint(a), derive(pools, "lp_mint", a)],
    ["poolShareVault", pda.poolShareVault(a), derive(pools, "share_vault", a)],
    ["poolQuoteVault", pda.poolQuoteVault(a), derive(pools, "quote_vault", a)],
  ];
  for (const [name, [address, bump], [expected, expectedBump]] of cases) {
    assert.equal(address.toBase58(), expected.toBase58(), name);
    assert.equal(bump, expectedBump, name);
  }
  assert.equal(Object.keys(pda).filter((k) => k !== "SEEDS").length, cases.length, "every helper is checked");
});

test("a content hash must be 32 bytes", () => {
  assert.throws(() => pda.track(Buffer.alloc(31)), /32 bytes/);
});
