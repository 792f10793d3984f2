// Sending, apart from building: sign, send, and confirm by polling the
// signature's status (no websocket subscription needed).

import {
  SendTransactionError,
  Transaction,
  type Commitment,
  type Connection,
  type Signer,
  type TransactionInstruction,
} from "@solana/web3.js";

import { decodeEvents, type EncoreEvent } from "./events";

export interface SendOptions {
  /** Default `confirmed`. */
  commitment?: Commitment;
  /** How long to wait for confirmation; default 60 s. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `instructions` in one transaction paid by `payer` (signed also by
 * `signers`) and waits until it is confirmed. A failed transaction throws a
 * `SendTransactionError` carrying its logs.
 */
export async function sendAndConfirm(
  connection: Connection,
  instructions: readonly TransactionInstruction[],
  payer: Signer,
  signers: readonly Signer[] = [],
  options: SendOptions = {},
): Promise<string> {
  const commitment = options.commitment ?? "confirmed";
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash(commitment);
  const tx = new Transaction({ feePayer: payer.publicKey, blockhash, lastValidBlockHeight });
  tx.add(...instructions);
  tx.sign(payer, ...signers);
  const signature = await connection.sendRawTransaction(tx.serialize(), {
    preflightCommitment: commitment,
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { value } = await connection.getSignatureStatuses([signature]);
    const status = value[0];
    if (status?.err) {
      const logs = await transactionLogs(connection, signature).catch(() => []);
      throw new SendTransactionError({
        action: "send",
        signature,
        transactionMessage: `transaction ${signature} failed: ${JSON.stringify(status.err)}`,
        logs,
      });
    }
    const level = status?.confirmationStatus;
    if (level === "finalized" || (level === "confirmed" && commitment !== "finalized")) {
      return signature;
    }
    if (level === "processed" && commitment === "processed") return signature;
    if (Date.now() > deadline) {
      throw new Error(`transaction ${signature} was not ${commitment} within ${timeoutMs} ms`);
    }
    await sleep(250);
  }
}

/** The log messages of a confirmed transaction. */
export async function transactionLogs(connection: Connection, signature: string): Promise<string[]> {
  const tx = await connection.getTransaction(signature, {
    commitment: "confirmed",
    maxSupportedTransactionVersion: 0,
  });
  if (!tx) throw new Error(`transaction ${signature} is not known to the node (yet)`);
  return tx.meta?.logMessages ?? [];
}

/** The Encore events a confirmed transaction logged. */
export async function transactionEvents(
  connection: Connection,
  signature: string,
): Promise<EncoreEvent[]> {
  return decodeEvents(await transactionLogs(connection, signature));
}
