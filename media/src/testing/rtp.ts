import { createSocket, type Socket } from 'node:dgram';

/**
 * Synthetic RTP for headless clients (tests and the fan-out benchmark): a VP8-shaped video stream that
 * mediasoup accepts as real (extended payload descriptor with picture id, periodic key frames, since
 * video consumers drop everything until a key frame) and an Opus-shaped audio stream.
 */
export const VP8_PAYLOAD_TYPE = 101;
export const OPUS_PAYLOAD_TYPE = 100;
const MAX_CATCH_UP_MS = 200;
/** Seconds from 1900 (NTP) to 1970 (Unix). */
const NTP_EPOCH_OFFSET_S = 2_208_988_800;
/** mediasoup's RtpProbationGenerator sends padding with this payload type to probe bandwidth. */
const PROBATION_PAYLOAD_TYPE = 127;

/** Several SSRCs (low → high) make a simulcast producer. */
export const vp8RtpParameters = (ssrcs: number[]) => ({
  codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PAYLOAD_TYPE, clockRate: 90000 }],
  encodings: ssrcs.map((ssrc) => ({ ssrc })),
});

export const opusRtpParameters = (ssrc: number) => ({
  codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PAYLOAD_TYPE, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc }],
});

function rtpHeader(payloadType: number, sequence: number, timestamp: number, ssrc: number, marker: boolean): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | payloadType;
  header.writeUInt16BE(sequence & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  return header;
}

export interface StreamOptions {
  ssrc: number;
  kind: 'video' | 'audio';
  /** Target bitrate of the payload, bit/s. */
  bitrate: number;
  /** Frames per second (video) or packets per second (audio, 50 = 20 ms Opus frames). */
  frameRate: number;
  /** Video: a key frame every this many frames, so late viewers start quickly. */
  keyFrameInterval?: number;
}

interface StreamState {
  options: StreamOptions;
  sequence: number;
  pictureId: number;
}

/**
 * Sends synthetic streams to a (comedia) plain transport from one socket: one stream, or the layers of a
 * simulcast producer (comedia learns a single source address, so all layers share the socket).
 */
export class RtpSender {
  private readonly socket: Socket = createSocket('udp4');
  private readonly streams: StreamState[];
  private timer: NodeJS.Timeout | null = null;
  private frame = 0;
  private startedAt = 0;
  sentPackets = 0;

  constructor(
    streams: StreamOptions | StreamOptions[],
    private readonly target: { ip: string; port: number },
  ) {
    this.streams = (Array.isArray(streams) ? streams : [streams]).map((options) => ({ options, sequence: Math.floor(Math.random() * 0xffff), pictureId: 0 }));
  }

  start() {
    const interval = 1000 / this.streams[0].options.frameRate;
    this.startedAt = Date.now();
    let next = this.startedAt;
    // setInterval drifts under load: catch up so the average rate holds, but after a long stall skip the
    // missed frames (as an encoder would) instead of bursting them all at once.
    this.timer = setInterval(() => {
      const now = Date.now();
      if (now - next > MAX_CATCH_UP_MS) next = now;
      while (next <= now) {
        // A Sender Report per stream every second: mediasoup switches simulcast layers only between streams it can sync.
        if (this.frame % Math.round(this.streams[0].options.frameRate) === 0) for (const stream of this.streams) this.sendReport(stream);
        for (const stream of this.streams) this.sendFrame(stream);
        this.frame += 1;
        next += interval;
      }
    }, Math.max(1, Math.floor(interval / 2)));
  }

  stop() {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.socket.close();
  }

  private sendFrame(stream: StreamState) {
    const { kind, bitrate, frameRate, ssrc, keyFrameInterval = 30 } = stream.options;
    const frameBytes = Math.max(20, Math.round(bitrate / 8 / frameRate));
    const clockRate = kind === 'video' ? 90000 : 48000;
    const timestamp = Math.round((this.frame * clockRate) / frameRate);
    if (kind === 'audio') {
      this.emit(rtpHeader(OPUS_PAYLOAD_TYPE, stream.sequence++, timestamp, ssrc, false), Buffer.alloc(frameBytes, 0xfc));
      return;
    }
    const keyFrame = this.frame % keyFrameInterval === 0;
    const packets = Math.ceil(frameBytes / 1100);
    stream.pictureId = (stream.pictureId + 1) & 0x7fff;
    for (let i = 0; i < packets; i++) {
      const first = i === 0;
      // VP8 payload descriptor: X=1, S on the first packet of the frame, I=1 with a 15-bit picture id.
      const descriptor = Buffer.from([first ? 0x90 : 0x80, 0x80, 0x80 | (stream.pictureId >> 8), stream.pictureId & 0xff]);
      const body = Buffer.alloc(Math.min(1100, frameBytes - i * 1100), 0x55);
      // First byte of a VP8 frame header: bit 0 clear marks a key frame.
      if (first) body[0] = keyFrame ? 0x10 : 0x11;
      this.emit(rtpHeader(VP8_PAYLOAD_TYPE, stream.sequence++, timestamp, ssrc, i === packets - 1), Buffer.concat([descriptor, body]));
    }
  }

  /** RTCP Sender Report (RFC 3550 §6.4.1): NTP time ↔ RTP timestamp of this stream, plus counts (not checked by mediasoup). */
  private sendReport(stream: StreamState) {
    const { ssrc, kind } = stream.options;
    const clockRate = kind === 'video' ? 90000 : 48000;
    const now = Date.now();
    const report = Buffer.alloc(28);
    report[0] = 0x80;
    report[1] = 200;
    report.writeUInt16BE(6, 2);
    report.writeUInt32BE(ssrc >>> 0, 4);
    report.writeUInt32BE(Math.floor(now / 1000) + NTP_EPOCH_OFFSET_S, 8);
    report.writeUInt32BE(Math.floor(((now % 1000) / 1000) * 2 ** 32) >>> 0, 12);
    report.writeUInt32BE(Math.round(((now - this.startedAt) / 1000) * clockRate) >>> 0, 16);
    this.socket.send(report, this.target.port, this.target.ip);
  }

  private emit(header: Buffer, payload: Buffer) {
    this.sentPackets += 1;
    this.socket.send(Buffer.concat([header, payload]), this.target.port, this.target.ip);
  }
}

export interface StreamStats {
  packets: number;
  bytes: number;
  /** Sequence numbers skipped (lost or not forwarded) since the first packet. */
  lost: number;
  firstAt: number;
  lastAt: number;
}

/**
 * Receives RTP for many consumers on one socket (each consumer has its own SSRC) and counts packets,
 * bytes and sequence gaps per SSRC. RTCP and bandwidth probation packets are ignored.
 */
export class RtpReceiver {
  readonly socket: Socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
  readonly streams = new Map<number, StreamStats & { highest: number }>();

  async bind(ip = '127.0.0.1'): Promise<{ ip: string; port: number }> {
    await new Promise<void>((resolve) => this.socket.bind(0, ip, resolve));
    this.socket.on('message', (packet) => this.receive(packet));
    return { ip, port: this.socket.address().port };
  }

  address(): { ip: string; port: number } {
    const { address, port } = this.socket.address();
    return { ip: address, port };
  }

  stats(ssrc: number): StreamStats | undefined {
    return this.streams.get(ssrc);
  }

  reset() {
    this.streams.clear();
  }

  close() {
    this.socket.close();
  }

  private receive(packet: Buffer) {
    if (packet.length < 12 || (packet[0] & 0xc0) !== 0x80) return;
    const payloadType = packet[1] & 0x7f;
    // RTCP (muxed) and mediasoup's bandwidth probation padding (payload type 127) are not media.
    if ((payloadType >= 72 && payloadType <= 79) || payloadType === PROBATION_PAYLOAD_TYPE) return;
    const ssrc = packet.readUInt32BE(8);
    const sequence = packet.readUInt16BE(2);
    const now = Date.now();
    const stream = this.streams.get(ssrc);
    if (!stream) {
      this.streams.set(ssrc, { packets: 1, bytes: packet.length, lost: 0, firstAt: now, lastAt: now, highest: sequence });
      return;
    }
    stream.packets += 1;
    stream.bytes += packet.length;
    stream.lastAt = now;
    const delta = (sequence - stream.highest) & 0xffff;
    if (delta > 0 && delta < 0x8000) {
      stream.lost += delta - 1;
      stream.highest = sequence;
    } else if (stream.lost > 0) {
      // A late (reordered) packet fills an earlier gap.
      stream.lost -= 1;
    }
  }
}
