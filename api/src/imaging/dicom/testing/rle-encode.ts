/**
 * Encodes one frame as DICOM RLE Lossless (PS3.5 Annex G), for tests: one PackBits segment per byte plane,
 * samples in order, most significant byte first. `planes[s]` holds sample s of every pixel.
 */
export function encodeRleFrame(planes: ArrayLike<number>[], bytesPerSample: 1 | 2): Uint8Array {
  const segments: Uint8Array[] = [];
  for (const plane of planes) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const bytes = Uint8Array.from(plane, (v) => (v >> (8 * b)) & 0xff);
      segments.push(packBits(bytes));
    }
  }
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, i) => {
    view.setUint32(4 + 4 * i, offset, true);
    offset += segment.length;
  });
  const out = new Uint8Array(offset + (offset % 2));
  out.set(header);
  let at = 64;
  for (const segment of segments) {
    out.set(segment, at);
    at += segment.length;
  }
  return out;
}

/** PackBits with runs of 3+ as replicate runs and everything else as literals; each segment padded to even length. */
function packBits(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let run = 1;
    while (i + run < bytes.length && run < 128 && bytes[i + run] === bytes[i]) run++;
    if (run >= 3) {
      out.push((1 - run) & 0xff, bytes[i]!);
      i += run;
      continue;
    }
    const start = i;
    while (i < bytes.length && i - start < 128) {
      if (i + 2 < bytes.length && bytes[i] === bytes[i + 1] && bytes[i] === bytes[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...bytes.subarray(start, i));
  }
  if (out.length % 2) out.push(0x80); // -128 is a no-op, so it pads safely
  return Uint8Array.from(out);
}
