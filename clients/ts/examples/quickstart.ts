import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { BN, Encore, eventsNamed, pda, sendAndConfirm, transactionEvents } from "@encore/client";

/** Registers a track for `wallet` and funds its listener balance in `mint`. */
export async function quickstart(connection: Connection, wallet: Keypair, mint: PublicKey) {
  const encore = new Encore(connection);
  const me = wallet.publicKey;

  // An artist profile, once per wallet.
  if ((await encore.artistOf(me)) === null) {
    const ix = await encore.createArtist(me, {
      handle: `artist_${randomBytes(3).toString("hex")}`,
      displayName: "My Band",
      metadataUri: "https://example.com/artist.json",
    });
    await sendAndConfirm(connection, [ix], wallet);
  }

  // A track: its address is the PDA of the audio's sha256.
  const contentHash = randomBytes(32); // sha256 of the audio file
  const [track] = pda.track(contentHash);
  const registered = await sendAndConfirm(
    connection,
    [
      await encore.registerTrack(me, mint, {
        contentHash,
        isrc: null,
        metadataUri: "https://example.com/track.json",
        terms: {
          pricePerPlay: new BN(250_000), // 0.25 of a 6-decimal mint
          allowRemix: false,
          allowCommercial: false,
          allowDerivative: false,
          derivativeShareBps: 0,
        },
      }),
      await encore.openLedger(me, track), // settlement's record of the track
    ],
    wallet,
  );
  const [trackRegistered] = eventsNamed(await transactionEvents(connection, registered), "TrackRegistered");

  // A listener balance in `mint` (with the mint's escrow, if it has none yet),
  // funded from the wallet's associated token account.
  const setup = (await encore.fetchListener(mint, me)) ? [] : await encore.listenerSetup(me, mint);
  const funded = await sendAndConfirm(
    connection,
    [...setup, await encore.deposit(me, mint, new BN(5_000_000))],
    wallet,
  );
  const [deposited] = eventsNamed(await transactionEvents(connection, funded), "ListenerDeposited");
  const listener = await encore.fetchListener(mint, me);

  return { track, trackRegistered, deposited, balance: listener?.balance };
}

// node dist/examples/quickstart.js <RPC URL> <KEYPAIR FILE> <PAYMENT MINT>
if (require.main === module) {
  const [url, keypairFile, mint] = process.argv.slice(2);
  if (!url || !keypairFile || !mint) {
    console.error("usage: quickstart <RPC URL> <KEYPAIR FILE> <PAYMENT MINT>");
    process.exit(2);
  }
  const secret = Uint8Array.from(JSON.parse(readFileSync(keypairFile, "utf8")) as number[]);
  quickstart(new Connection(url, "confirmed"), Keypair.fromSecretKey(secret), new PublicKey(mint))
    .then(({ track, trackRegistered, deposited, balance }) => {
      console.log(`track ${track.toBase58()} at ${trackRegistered?.terms.pricePerPlay} per play`);
      console.log(`deposited ${deposited?.amount}, balance ${balance}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
