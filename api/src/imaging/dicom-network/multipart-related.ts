/** One part of a multipart/related body: its Content-Type and bytes. */
export interface RelatedPart {
  contentType: string;
  bytes: Uint8Array;
}

/** The parts as one multipart/related body (RFC 2387), as STOW-RS takes and WADO-RS answers it (PS3.18 8.6.1.2). */
export function multipartRelated(parts: readonly RelatedPart[], boundary: string): Buffer<ArrayBuffer> {
  const chunks = parts.flatMap((p) => [Buffer.from(`--${boundary}\r\nContent-Type: ${p.contentType}\r\n\r\n`, 'latin1'), p.bytes, Buffer.from('\r\n', 'latin1')]);
  return Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`, 'latin1')]);
}
