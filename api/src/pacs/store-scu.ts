import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dimse from 'dcmjs-dimse';
import type { ExportedObject } from './objects/exported-object.js';

const { Client, requests, constants } = dimse;
// The library logs every PDU to the console; the outbox logs what matters itself.
dimse.log.setLevel('silent');

export interface StoreTarget {
  host: string;
  port: number;
  calledAe: string;
  callingAe: string;
}

/** A PACS that took the association but refused an object says why; the send is retried like an outage. */
export class StoreFailure extends Error {}

const TIMEOUTS = { connectTimeout: 10_000, associationTimeout: 30_000, pduTimeout: 60_000 };

/**
 * C-STORE of the objects over one association (dcmjs-dimse as the SCU). Resolves when the PACS confirmed
 * every object with a success or warning status; rejects on a refused association, a network error, a
 * timeout or any failure status, naming it.
 */
export async function storeObjects(target: StoreTarget, objects: readonly ExportedObject[]): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'oasis-scu-'));
  try {
    const client = new Client();
    const statuses: Array<{ uid: string; status: number; comment: string }> = [];
    for (const [i, object] of objects.entries()) {
      const path = join(dir, `${i}.dcm`);
      await writeFile(path, object.bytes);
      const request = new requests.CStoreRequest(path);
      request.on('response', (response: { getStatus(): number; getErrorComment(): string }) => {
        statuses.push({ uid: object.sopInstanceUid, status: response.getStatus(), comment: response.getErrorComment?.() ?? '' });
      });
      client.addRequest(request);
    }
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (message: string) => {
        if (failed) return;
        failed = true;
        reject(new StoreFailure(message));
      };
      client.on('associationRejected', (result: { reason?: number }) => fail(`the PACS refused the association (reason ${result?.reason ?? 'unknown'})`));
      client.on('networkError', (error: Error) => fail(`network: ${error.message}`));
      client.on('closed', () => (failed ? undefined : resolve()));
      client.send(target.host, target.port, target.callingAe, target.calledAe, TIMEOUTS);
    });
    const bad = statuses.filter((s) => s.status !== constants.Status.Success && (s.status & 0xf000) !== 0xb000);
    if (bad.length > 0) throw new StoreFailure(`the PACS refused ${bad.map((s) => `${s.uid} (status 0x${s.status.toString(16)}${s.comment ? `: ${s.comment}` : ''})`).join(', ')}`);
    if (statuses.length < objects.length) throw new StoreFailure(`the PACS answered ${statuses.length} of ${objects.length} objects`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
