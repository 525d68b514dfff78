import type { JoinResult } from '#contracts/protocol/signalling.js';
import { RtpSender, opusRtpParameters, vp8RtpParameters, type RtpReceiver, type StreamOptions } from './rtp.js';
import { SignallingClient } from './signalling-client.js';

/**
 * A peer without a browser: signalling over WebSocket like the web client, media as plain RTP
 * (the service must allow plain transports). Used by the tests and the fan-out benchmark.
 */
export class HeadlessPeer {
  private recvTransportId: string | null = null;

  private constructor(
    readonly client: SignallingClient,
    public joined: JoinResult,
  ) {}

  static async join(signallingUrl: string, token: string): Promise<HeadlessPeer> {
    const client = await SignallingClient.connect(signallingUrl);
    return new HeadlessPeer(client, await client.request('join', { token }));
  }

  /** Rejoin on the same socket after roomRestarting (or on a new socket after a drop) with the resume ticket. */
  async rejoin(): Promise<JoinResult> {
    this.recvTransportId = null;
    this.joined = await this.client.request('rejoin', { resumeTicket: this.joined.resumeTicket });
    return this.joined;
  }

  /**
   * Produces a synthetic stream (VP8-shaped camera or Opus-shaped mic) through a comedia plain transport;
   * `simulcast` (video) sends one layer per entry, low → high, instead of the single `ssrc`/`bitrate`.
   */
  async produce(
    stream: Omit<StreamOptions, 'kind'> & { kind?: StreamOptions['kind']; simulcast?: Array<{ ssrc: number; bitrate: number }> },
  ): Promise<{ producerId: string; sender: RtpSender }> {
    const kind = stream.kind ?? 'video';
    const layers = stream.simulcast ?? [{ ssrc: stream.ssrc, bitrate: stream.bitrate }];
    const transport = await this.client.request('createPlainTransport', { direction: 'send' });
    const rtpParameters = (kind === 'video' ? vp8RtpParameters(layers.map((l) => l.ssrc)) : opusRtpParameters(stream.ssrc)) as never;
    const { producerId } = await this.client.request('produce', {
      transportId: transport.transportId,
      kind,
      rtpParameters,
      appData: { source: kind === 'video' ? 'camera' : 'mic' },
    });
    const sender = new RtpSender(
      layers.map((layer) => ({ ...stream, ...layer, kind })),
      { ip: transport.ip, port: transport.port },
    );
    sender.start();
    return { producerId, sender };
  }

  /** Consumes a producer, sent to the RTP receiver at `target` (one recv transport per peer), and resumes it; returns the SSRC to watch. */
  async consume(producerId: string, target: { ip: string; port: number }): Promise<{ consumerId: string; ssrc: number }> {
    if (!this.recvTransportId) {
      const transport = await this.client.request('createPlainTransport', { direction: 'recv' });
      await this.client.request('connectPlainTransport', { transportId: transport.transportId, ...target });
      this.recvTransportId = transport.transportId;
    }
    const consumer = await this.client.request('consume', { transportId: this.recvTransportId, producerId, rtpCapabilities: this.joined.routerRtpCapabilities });
    await this.client.request('resumeConsumer', { consumerId: consumer.consumerId });
    return { consumerId: consumer.consumerId, ssrc: consumer.rtpParameters.encodings?.[0]?.ssrc ?? 0 };
  }

  close() {
    return this.client.close();
  }
}

/** Waits until `receiver` got packets for `ssrc` after `since` (media is flowing). */
export async function waitForMedia(receiver: RtpReceiver, ssrc: number, timeoutMs = 10_000, minPackets = 5): Promise<number> {
  const start = Date.now();
  const before = receiver.stats(ssrc)?.packets ?? 0;
  while (Date.now() - start < timeoutMs) {
    if ((receiver.stats(ssrc)?.packets ?? 0) - before >= minPackets) return Date.now() - start;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no media for SSRC ${ssrc} within ${timeoutMs} ms`);
}
