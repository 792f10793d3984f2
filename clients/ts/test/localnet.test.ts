// The client against a real node: `encore localnet` with every program,
// governance bootstrapped by `encore migrate`, then only TypeScript registers
// an artist and two tracks (one step, and commit-reveal), opens a listener
// balance in the test USD mint and deposits into it, reading the accounts
// and the transactions' events back. Expected values are the inputs, or
// worked out here by hand.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";

import { Connection, Keypair, PublicKey, type TransactionInstruction } from "@solana/web3.js";

import {
  BN,
  Encore,
  associatedTokenAddress,
  eventsNamed,
  pda,
  registrationCommitment,
  sendAndConfirm,
  transactionEvents,
  type EncoreEvent,
  type LicenceTerms,
  type TermsArgs,
} from "../src";
import { quickstart } from "../examples/quickstart";
import { startLocalnet, type Localnet } from "./localnet";

let net: Localnet;
let connection: Connection;
let encore: Encore;
let mint: PublicKey;
/** A second funded wallet, for the quick start. */
const reader = Keypair.generate();

before(async () => {
  net = await startLocalnet({ fund: [reader.publicKey] });
  connection = new Connection(net.view.url, "confirmed");
  encore = new Encore(connection);
  mint = new PublicKey(net.view.mint);
  const migrated = (await net.encore("migrate")) as { governance: string };
  assert.equal(migrated.governance, "initialized");
});

after(async () => {
  await net?.stop();
});

/** Sends `instructions` signed by the node's funded wallet; returns the events it logged. */
async function send(instructions: TransactionInstruction[]): Promise<EncoreEvent[]> {
  const signature = await sendAndConfirm(connection, instructions, net.wallet);
  return transactionEvents(connection, signature);
}

const names = (events: EncoreEvent[]) => events.map((e) => `${e.program}:${e.name}`);
const TERMS: TermsArgs = {
  pricePerPlay: new BN(250_000), // 0.25 test USD
  allowRemix: true,
  allowCommercial: false,
  allowDerivative: true,
  derivativeShareBps: 1_500,
};

function assertTerms(terms: LicenceTerms) {
  assert.equal(terms.paymentMint.toBase58(), mint.toBase58());
  assert.equal(terms.pricePerPlay.toString(), "250000");
  assert.deepEqual(
    [terms.allowRemix, terms.allowCommercial, terms.allowDerivative, terms.derivativeShareBps],
    [true, false, true, 1_500],
  );
}

test("the node serves the programs at the IDLs' addresses", () => {
  const served = Object.fromEntries(net.view.programs.map((p) => [p.name, p.id]));
  for (const [name, id] of Object.entries(encore.programs)) {
    assert.equal(served[name], id.programId.toBase58(), name);
  }
});

test("an artist, a track registered in one step, and another by commit-reveal", async () => {
  const wallet = net.wallet.publicKey;
  const handle = `ts_${randomBytes(4).toString("hex")}`;
  const [artistAddress] = pda.artist(wallet);

  const created = await send([
    await encore.createArtist(wallet, {
      handle,
      displayName: "TypeScript Client",
      metadataUri: "https://example.com/artist.json",
    }),
  ]);
  assert.deepEqual(names(created), ["track_registry:ArtistCreated"]);
  const [artistCreated] = eventsNamed(created, "ArtistCreated");
  assert.equal(artistCreated!.artist.toBase58(), artistAddress.toBase58());
  assert.equal(artistCreated!.authority.toBase58(), wallet.toBase58());
  assert.equal(artistCreated!.handle, handle);

  // One step: the track and its escrow ledger, as `encore track register --direct` does.
  const contentHash = randomBytes(32);
  const isrc = [..."USRC17607839"].map((c) => c.charCodeAt(0));
  const [trackAddress] = pda.track(contentHash);
  const registered = await send([
    await encore.registerTrack(wallet, mint, {
      contentHash,
      isrc,
      metadataUri: "https://example.com/track.json",
      terms: TERMS,
    }),
    await encore.openLedger(wallet, trackAddress),
  ]);
  assert.deepEqual(names(registered), ["track_registry:TrackRegistered"]);
  const [trackRegistered] = eventsNamed(registered, "TrackRegistered");
  assert.equal(trackRegistered!.track.toBase58(), trackAddress.toBase58());
  assert.equal(trackRegistered!.artist.toBase58(), artistAddress.toBase58());
  assert.deepEqual(trackRegistered!.contentHash, [...contentHash]);
  assertTerms(trackRegistered!.terms);

  const track = await encore.fetchTrack(trackAddress);
  assert.ok(track, "the track exists at its content hash's PDA");
  assert.equal(track.authority.toBase58(), wallet.toBase58());
  assert.equal(track.artist.toBase58(), artistAddress.toBase58());
  assert.deepEqual(track.contentHash, [...contentHash]);
  assertTerms(track.terms);
  assert.deepEqual(track.status, { active: {} });
  assert.deepEqual(track.isrc, isrc);
  assert.equal(track.metadataUri, "https://example.com/track.json");
  assert.equal(track.committed, false);
  assert.ok(track.parent.equals(PublicKey.default));
  assert.equal(track.depth, 0);
  assert.equal(track.shareMint, null);
  assert.equal(track.pendingAuthority, null);
  assert.ok(await connection.getAccountInfo(pda.ledger(trackAddress)[0]), "the ledger is open");

  // Commit-reveal: the commitment hides the hash; the reveal comes in a later slot.
  const secondHash = randomBytes(32);
  const salt = randomBytes(32);
  const commitment = registrationCommitment(secondHash, wallet, salt);
  const committed = await send([await encore.commitRegistration(wallet, commitment)]);
  const [registrationCommitted] = eventsNamed(committed, "RegistrationCommitted");
  assert.equal(registrationCommitted!.authority.toBase58(), wallet.toBase58());
  assert.deepEqual(registrationCommitted!.commitment, commitment);
  const commitSlot = registrationCommitted!.slot.toNumber();
  const [commitAddress] = pda.registrationCommit(wallet, commitment);
  assert.equal((await encore.fetchRegistrationCommit(commitAddress))?.slot.toNumber(), commitSlot);
  const deadline = Date.now() + 30_000;
  while ((await connection.getSlot("confirmed")) <= commitSlot) {
    assert.ok(Date.now() < deadline, `the node stayed at slot ${commitSlot}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const args = { contentHash: secondHash, isrc: null, metadataUri: "", terms: TERMS };
  const revealed = await send([await encore.registerCommitted(wallet, mint, args, salt)]);
  const [secondRegistered] = eventsNamed(revealed, "TrackRegistered");
  const [secondAddress] = pda.track(secondHash);
  assert.equal(secondRegistered!.track.toBase58(), secondAddress.toBase58());
  const second = await encore.fetchTrack(secondAddress);
  assert.ok(second);
  assert.equal(second.committed, true);
  assert.equal(second.claimSlot.toNumber(), commitSlot);
  assert.equal(second.isrc, null);
  assert.equal(await encore.fetchRegistrationCommit(commitAddress), null, "the commitment is closed");

  const artist = await encore.fetchArtist(artistAddress);
  assert.ok(artist);
  assert.equal(artist.handle, handle);
  assert.equal(artist.displayName, "TypeScript Client");
  assert.equal(artist.trackCount, 2);
  assert.deepEqual((await encore.artistOf(wallet))?.[0], artistAddress);
});

test("a listener balance opened in the test USD mint and funded", async () => {
  const wallet = net.wallet.publicKey;
  const source = associatedTokenAddress(wallet, mint);
  const held = async () => BigInt((await connection.getTokenAccountBalance(source)).value.amount);
  assert.equal(await held(), 10_000_000_000n, "the node funds the wallet with 10,000 test USD");

  const setup = await encore.listenerSetup(wallet, mint);
  assert.equal(setup.length, 2, "a fresh node has no escrow for the test mint yet");
  const opened = await send(setup);
  assert.deepEqual(names(opened), ["stream_escrow:EscrowInitialized"]);
  const [initialized] = eventsNamed(opened, "EscrowInitialized");
  assert.equal(initialized!.paymentMint.toBase58(), mint.toBase58());
  assert.equal(initialized!.vault.toBase58(), pda.escrowVault(mint)[0].toBase58());
  assert.equal((await encore.listenerSetup(wallet, mint)).length, 1, "the escrow exists now");

  // Two deposits in one transaction: 10 then 2.5 test USD.
  const deposited = await send([
    await encore.deposit(wallet, mint, new BN(10_000_000)),
    await encore.deposit(wallet, mint, new BN(2_500_000), source),
  ]);
  const [listenerAddress] = pda.listener(mint, wallet);
  assert.deepEqual(
    eventsNamed(deposited, "ListenerDeposited").map((e) => [
      e.listener.toBase58(),
      e.amount.toString(),
      e.balanceBefore.toString(),
      e.balanceAfter.toString(),
    ]),
    [
      [listenerAddress.toBase58(), "10000000", "0", "10000000"],
      [listenerAddress.toBase58(), "2500000", "10000000", "12500000"],
    ],
  );

  const listener = await encore.fetchListener(mint, wallet);
  assert.ok(listener);
  assert.equal(listener.wallet.toBase58(), wallet.toBase58());
  assert.equal(listener.paymentMint.toBase58(), mint.toBase58());
  assert.equal(listener.balance.toString(), "12500000");
  assert.equal(listener.capPerPeriod.toString(), "18446744073709551615", "uncapped");
  assert.equal(listener.capPeriodSecs.toNumber(), 30 * 86_400);
  assert.equal(listener.spentThisPeriod.toString(), "0");
  assert.equal(listener.withdrawalAmount.toString(), "0");
  assert.equal(listener.receiptKey.toBase58(), wallet.toBase58());
  assert.equal(await held(), 10_000_000_000n - 12_500_000n);
  const escrow = await encore.fetchEscrow(mint);
  assert.equal(escrow?.totalDeposited.toString(), "12500000");
  const vault = await connection.getTokenAccountBalance(pda.escrowVault(mint)[0]);
  assert.equal(vault.value.amount, "12500000");
});

test("the README's quick start runs as written", async () => {
  const { track, trackRegistered, deposited, balance } = await quickstart(connection, reader, mint);
  assert.equal(trackRegistered?.track.toBase58(), track.toBase58());
  assert.equal(trackRegistered?.artist.toBase58(), pda.artist(reader.publicKey)[0].toBase58());
  assert.equal((await encore.fetchTrack(track))?.authority.toBase58(), reader.publicKey.toBase58());
  assert.equal(deposited?.listener.toBase58(), pda.listener(mint, reader.publicKey)[0].toBase58());
  assert.equal(deposited?.balanceBefore.toString(), "0");
  assert.equal(balance?.toString(), "5000000");
});
