/** A client of the resumable /uploads endpoint, as the web app and tests use it. */
/** Where a file goes: a study (its id), or a DICOM import into an institution for a region. */
export type UploadTarget = string | { institutionId: string; region: string };

export interface UploadResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dicomImport answer is read field by field by the specs
  body: { id?: string; offset?: number; complete?: boolean; imageIds?: string[]; dicomImport?: Record<string, any>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export async function createUpload(url: string, token: string, target: UploadTarget, length: number, fileName = 'image'): Promise<UploadResult> {
  const response = await fetch(`${url}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...(typeof target === 'string' ? { studyId: target } : target), fileName, length }),
  });
  return { status: response.status, body: (await response.json()) as UploadResult['body'] };
}

export async function sendChunk(url: string, token: string, id: string, offset: number, chunk: Uint8Array): Promise<UploadResult> {
  const response = await fetch(`${url}/uploads/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    // A Buffer's memory is a plain ArrayBuffer, which the DOM's BodyInit (e2e type-checks with it) asks for.
    body: chunk as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: (await response.json()) as UploadResult['body'] };
}

export async function uploadOffset(url: string, token: string, id: string): Promise<number> {
  const response = await fetch(`${url}/uploads/${id}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
  return Number(response.headers.get('upload-offset'));
}

/** Uploads a whole file in chunks; returns the final answer (with imageIds, or the error). */
export async function uploadFile(url: string, token: string, target: UploadTarget, bytes: Uint8Array, chunkSize = 64 * 1024, fileName?: string): Promise<UploadResult> {
  const created = await createUpload(url, token, target, bytes.length, fileName);
  if (created.status !== 201) return created;
  let result = created;
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    result = await sendChunk(url, token, created.body.id!, offset, bytes.subarray(offset, offset + chunkSize));
    if (result.status !== 200) return result;
  }
  return result;
}
