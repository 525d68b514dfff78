import { randomUUID } from 'node:crypto';
import { multipartRelated } from '../imaging/dicom-network/multipart-related.js';
import type { ExportedObject } from './objects/exported-object.js';
import { StoreFailure } from './store-scu.js';

const TIMEOUT_MS = 60_000;
/** Failed SOP Sequence (0008,1198) and Referenced SOP Instance UID (0008,1155) of a STOW-RS answer (PS3.18 10.5.3). */
const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE_UID = '00081155';

/**
 * STOW-RS of the objects to `baseUrl`/studies in one request. Resolves when the server stored every one;
 * rejects (a StoreFailure, retried by the outbox like an outage) on a network error, a timeout, an HTTP
 * failure or any instance in the Failed SOP Sequence, naming it.
 */
export async function stowObjects(baseUrl: string, objects: readonly ExportedObject[]): Promise<void> {
  const boundary = `oasis-${randomUUID()}`;
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/studies`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' },
      body: multipartRelated(objects.map((o) => ({ contentType: 'application/dicom', bytes: o.bytes })), boundary),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new StoreFailure(`network: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new StoreFailure(`the PACS answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  const answer = (text ? JSON.parse(text) : {}) as Record<string, { Value?: Array<Record<string, { Value?: string[] }>> }>;
  const failed = (answer[FAILED_SOP_SEQUENCE]?.Value ?? []).map((item) => item[REFERENCED_SOP_INSTANCE_UID]?.Value?.[0] ?? '?');
  if (failed.length > 0) throw new StoreFailure(`the PACS refused ${failed.join(', ')}`);
}
