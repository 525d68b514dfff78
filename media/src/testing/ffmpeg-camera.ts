import { spawn, type ChildProcess } from 'node:child_process';
import type { HeadlessPeer } from './headless-peer.js';
import { OPUS_PAYLOAD_TYPE, VP8_PAYLOAD_TYPE, opusRtpParameters, vp8RtpParameters } from './rtp.js';

/** On for the first 0.1 s of every 2 s (an FFmpeg expression of the input's time t). */
export const PULSE = 'lt(mod(t,2),0.1)';
export const PULSE_PERIOD_S = 2;

/**
 * A presenter's camera and microphone made of real VP8 and Opus (FFmpeg encodes a test picture and a tone):
 * what a recording needs, since FFmpeg must be able to read the picture size and packets it records.
 * The synthetic RtpSender's payloads are shaped like VP8 but are not decodable.
 * `pulses`: a black picture that flashes white and a silence that beeps, both for the first 0.1 s of every
 * 2 s, so a recording's audio/video offset can be read off (bench:recording).
 */
export async function produceFfmpegCamera(
  peer: HeadlessPeer,
  { ssrcs = { video: 7001, audio: 7002 }, pulses = false, ffmpeg = 'ffmpeg' } = {},
): Promise<{ video: string; audio: string; process: ChildProcess }> {
  const send = async (kind: 'video' | 'audio') => {
    const transport = await peer.client.request('createPlainTransport', { direction: 'send' });
    const rtpParameters = (kind === 'video' ? vp8RtpParameters([ssrcs.video]) : opusRtpParameters(ssrcs.audio)) as never;
    const { producerId } = await peer.client.request('produce', { transportId: transport.transportId, kind, rtpParameters, appData: { source: kind === 'video' ? 'camera' : 'mic' } });
    // FFmpeg sends an RTCP report from its RTCP socket before the first RTP packet: were it sent to this (comedia,
    // RTCP-muxed) port, the transport would learn that socket and drop the media. So RTCP goes to port + 1, unheard.
    return { producerId, url: `rtp://${transport.ip}:${transport.port}?pkt_size=1200` };
  };
  const video = await send('video');
  const audio = await send('audio');
  // Each stream its own wall-clock paced input (-re), so audio and video advance together as from a device.
  const args = [
    '-nostdin', '-loglevel', 'error',
    '-re', '-f', 'lavfi', '-i', pulses ? `color=c=black:s=320x240:r=30,drawbox=color=white:t=fill:enable='${PULSE}'` : 'testsrc=size=320x240:rate=30',
    '-re', '-f', 'lavfi', '-i', pulses ? `sine=frequency=1000:sample_rate=48000,volume=volume='${PULSE}':eval=frame` : 'sine=frequency=440:sample_rate=48000',
    '-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '30',
    '-ssrc', String(ssrcs.video), '-payload_type', String(VP8_PAYLOAD_TYPE), '-f', 'rtp', video.url,
    '-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-b:a', '48k',
    '-ssrc', String(ssrcs.audio), '-payload_type', String(OPUS_PAYLOAD_TYPE), '-f', 'rtp', audio.url,
  ];
  // Its input never ends: tied to this process (util-linux setpriv execs FFmpeg with a parent-death signal) so that a
  // killed test run does not leave it encoding.
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', ffmpeg, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { video: video.producerId, audio: audio.producerId, process: child };
}
