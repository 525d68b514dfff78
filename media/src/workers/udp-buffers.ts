import { readFileSync } from 'node:fs';

/**
 * mediasoup 3.8.4 cannot size its sockets' buffers (`recvBufferSize` came with 3.13's listenInfo), so every
 * worker socket gets the host's default. While a worker waits for a CPU, the presenter's packets queue in that
 * buffer; Linux's usual 208 KiB holds under a second of a 500 kbit/s camera, and what overflows is lost for
 * every viewer at once (bench:fanout counts those drops at the presenter's ingress).
 */
export const RMEM_DEFAULT_PATH = '/proc/sys/net/core/rmem_default';
/** Several seconds of a presenter's camera and microphone at MEDIA_MAX_INCOMING_BITRATE. */
export const RECOMMENDED_RMEM_DEFAULT = 4 * 1024 * 1024;

export interface UdpBufferCheck {
  /** net.core.rmem_default in bytes; null where it cannot be read (not Linux). */
  bytes: number | null;
  recommended: number;
  enough: boolean | null;
}

export function checkUdpBuffers(read: () => string = () => readFileSync(RMEM_DEFAULT_PATH, 'utf8')): UdpBufferCheck {
  let bytes: number | null = null;
  try {
    const value = Number(read().trim());
    bytes = Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    // no /proc: nothing to advise
  }
  return { bytes, recommended: RECOMMENDED_RMEM_DEFAULT, enough: bytes === null ? null : bytes >= RECOMMENDED_RMEM_DEFAULT };
}
