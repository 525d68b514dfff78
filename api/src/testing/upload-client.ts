/** A client of the resumable /uploads endpoint, as the web app and tests use it. */
export interface UploadResult {
  status: number;
  body: { id?: string; offset?: number; complete?: boolean; imageIds?: string[]; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

export async function createUpload(url: string, token: string, studyId: string, length: number, fileName = 'image'): Promise<UploadResult> {
  const response = await fetch(`${url}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ studyId, fileName, length }),
  });
  return { status: response.status, body: await response.json() };
}

export async function sendChunk(url: string, token: string, id: string, offset: number, chunk: Uint8Array): Promise<UploadResult> {
  const response = await fetch(`${url}/uploads/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    body: chunk,
  });
  return { status: response.status, body: await response.json() };
}

export async function uploadOffset(url: string, token: string, id: string): Promise<number> {
  const response = await fetch(`${url}/uploads/${id}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } });
  return Number(response.headers.get('upload-offset'));
}

/** Uploads a whole file in chunks; returns the final answer (with imageIds, or the error). */
export async function uploadFile(url: string, token: string, studyId: string, bytes: Uint8Array, chunkSize = 64 * 1024, fileName?: string): Promise<UploadResult> {
  const created = await createUpload(url, token, studyId, bytes.length, fileName);
  if (created.status !== 201) return created;
  let result = created;
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    result = await sendChunk(url, token, created.body.id!, offset, bytes.subarray(offset, offset + chunkSize));
    if (result.status !== 200) return result;
  }
  return result;
}
