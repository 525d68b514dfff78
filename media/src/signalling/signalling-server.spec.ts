import jwt from 'jsonwebtoken';
import { JOIN_TOKEN_AUDIENCE } from '#contracts/protocol/join-token.js';
import { CLOSE_CODES, MAX_MESSAGE_BYTES, SignallingErrorCode } from '#contracts/protocol/signalling.js';
import { HeadlessPeer } from '../testing/headless-peer.js';
import { startMediaApp, TEST_MEDIA_SECRET, testJoinToken, type MediaTestApp } from '../testing/media-test-app.js';
import { SignallingClient, SignallingRequestError } from '../testing/signalling-client.js';

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => {
      if (!(error instanceof SignallingRequestError)) throw error;
      return error.error;
    },
  );

/** A second peer already in the room, to show that one client's bad input does not disturb the others. */
async function bystander(media: MediaTestApp, room: string) {
  const peer = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room }));
  return {
    peer,
    /** The bystander still gets answers and its room still exists. */
    async stillWorks() {
      const { routerRtpCapabilities } = await peer.client.request('getRouterRtpCapabilities', {});
      expect(routerRtpCapabilities.codecs?.length).toBeGreaterThan(0);
      expect(media.runtime.manager.rooms.get(room)?.peers.has(peer.joined.peerId)).toBe(true);
    },
  };
}

describe('signalling: who gets in, and bad input', () => {
  let media: MediaTestApp;
  beforeAll(async () => {
    media = await startMediaApp({ MEDIA_DTLS_TIMEOUT_MS: '700', MEDIA_RATE_PER_SECOND: '20', MEDIA_RATE_BURST: '40', MEDIA_JOIN_TIMEOUT_MS: '1500', MEDIA_SESSION_CHECK_MS: '200' });
  });
  afterAll(() => media?.close());

  it('admits a valid join token and answers with the room, router capabilities and a resume ticket', async () => {
    const peer = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: 'consult:admit', name: 'Dr Amina' }));
    expect(peer.joined).toMatchObject({ room: 'consult:admit', roomKind: 'consult', role: 'participant', peers: [], producers: [] });
    expect(peer.joined.resumeTicket).toMatch(/^[\w-]{20,}$/);
    expect(peer.joined.routerRtpCapabilities.codecs?.map((c) => c.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
    await peer.close();
  });

  it.each([
    ['forged (signed with another secret)', () => testJoinToken({ room: 'consult:x' }, 60, 'another-secret-that-is-long-enough-000000'), SignallingErrorCode.TOKEN_INVALID],
    ['expired', () => testJoinToken({ room: 'consult:x' }, -5), SignallingErrorCode.TOKEN_EXPIRED],
    ['garbage', () => 'not.a.token', SignallingErrorCode.TOKEN_INVALID],
    [
      'session-less (no sid)',
      () => jwt.sign({ sub: 'u', name: 'U', room: 'consult:x', kind: 'consult', role: 'participant', jti: 'j' }, TEST_MEDIA_SECRET, { audience: JOIN_TOKEN_AUDIENCE, expiresIn: 60 }),
      SignallingErrorCode.TOKEN_INVALID,
    ],
  ])('refuses a join with a %s token and closes the connection', async (_label, token, code) => {
    const client = await SignallingClient.connect(media.signallingUrl);
    const error = await refusal(client.request('join', { token: token() }));
    expect(error.code).toBe(code);
    expect((await client.closed).code).toBe(CLOSE_CODES.JOIN_REFUSED);
  });

  it('refuses a token whose API session has ended, and disconnects a peer once its session ends', async () => {
    media.api.endedSessions.add('session-ended-before');
    const late = await SignallingClient.connect(media.signallingUrl);
    expect((await refusal(late.request('join', { token: testJoinToken({ room: 'consult:ended', sid: 'session-ended-before' }) }))).code).toBe(SignallingErrorCode.SESSION_ENDED);
    expect((await late.closed).code).toBe(CLOSE_CODES.JOIN_REFUSED);

    const other = await bystander(media, 'consult:ended');
    const peer = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: 'consult:ended', sid: 'session-ended-during' }));
    media.api.endedSessions.add('session-ended-during');
    expect((await peer.client.closed).code).toBe(CLOSE_CODES.SESSION_ENDED);
    const back = await SignallingClient.connect(media.signallingUrl);
    // Its resume ticket went with it.
    expect((await refusal(back.request('rejoin', { resumeTicket: peer.joined.resumeTicket }))).code).toBe(SignallingErrorCode.TICKET_INVALID);
    await other.stillWorks();
    await other.peer.close();
  });

  it('refuses a replayed token while the first holder stays in the room', async () => {
    const token = testJoinToken({ room: 'consult:replay' });
    const first = await HeadlessPeer.join(media.signallingUrl, token);
    const thief = await SignallingClient.connect(media.signallingUrl);
    expect((await refusal(thief.request('join', { token }))).code).toBe(SignallingErrorCode.TOKEN_REPLAYED);
    expect((await thief.closed).code).toBe(CLOSE_CODES.JOIN_REFUSED);
    expect(media.runtime.manager.rooms.get('consult:replay')?.peers.size).toBe(1);
    await first.client.request('getRouterRtpCapabilities', {});
    await first.close();
  });

  it('answers malformed frames, unknown types and bad fields with codes, and the socket keeps working', async () => {
    const room = 'consult:malformed';
    const other = await bystander(media, room);
    const client = await SignallingClient.connect(media.signallingUrl);
    client.sendRaw('{not json');
    client.sendRaw(JSON.stringify({ kind: 'request', type: 'join' }));
    const unknown = await refusal(client.request('teleport' as never, {} as never));
    expect(unknown.code).toBe(SignallingErrorCode.UNKNOWN_TYPE);
    const badField = await refusal(client.request('createTransport', { direction: 'sideways' as never }));
    expect(badField).toMatchObject({ code: SignallingErrorCode.MALFORMED, reason: expect.stringContaining('direction') });
    expect(client.unsolicitedErrors.map((e) => e.code)).toEqual([SignallingErrorCode.MALFORMED, SignallingErrorCode.MALFORMED]);

    const joined = await client.request('join', { token: testJoinToken({ room }) });
    expect(joined.peers.map((p) => p.peerId)).toEqual([other.peer.joined.peerId]);
    await other.stillWorks();
    await client.close();
    await other.peer.close();
  });

  it('refuses requests out of order (consume before join, connect before create, produce on a recv transport)', async () => {
    const client = await SignallingClient.connect(media.signallingUrl);
    const early = await refusal(client.request('consume', { transportId: 'x', producerId: 'y', rtpCapabilities: {} }));
    expect(early.code).toBe(SignallingErrorCode.NOT_JOINED);
    await client.request('join', { token: testJoinToken({ room: 'consult:order' }) });
    const connect = await refusal(client.request('connectTransport', { transportId: '00000000-0000-0000-0000-000000000000', dtlsParameters: { fingerprints: [] } as never }));
    expect(connect.code).toBe(SignallingErrorCode.NOT_FOUND);
    const recv = await client.request('createPlainTransport', { direction: 'recv' });
    const wrongWay = await refusal(client.request('produce', { transportId: recv.transportId, kind: 'audio', rtpParameters: { codecs: [] } as never, appData: { source: 'mic' } }));
    expect(wrongWay.code).toBe(SignallingErrorCode.BAD_STATE);
    const again = await refusal(client.request('join', { token: testJoinToken({ room: 'consult:order' }) }));
    expect(again.code).toBe(SignallingErrorCode.ALREADY_JOINED);
    await client.request('getRouterRtpCapabilities', {});
    await client.close();
  });

  it('gives a WebRTC transport new ICE parameters on restartIce (network change), not a plain one', async () => {
    const peer = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: 'consult:ice-restart' }));
    const transport = await peer.client.request('createTransport', { direction: 'recv' });
    const { iceParameters } = await peer.client.request('restartIce', { transportId: transport.transportId });
    expect(iceParameters.usernameFragment).not.toBe(transport.iceParameters.usernameFragment);
    expect(iceParameters.password).not.toBe(transport.iceParameters.password);
    const plain = await peer.client.request('createPlainTransport', { direction: 'recv' });
    expect((await refusal(peer.client.request('restartIce', { transportId: plain.transportId }))).code).toBe(SignallingErrorCode.BAD_STATE);
    await peer.close();
  });

  it('cuts off a flooding client while another peer of the room keeps working', async () => {
    const room = 'consult:flood';
    const other = await bystander(media, room);
    const flooder = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room }));
    for (let i = 0; i < 500; i++) flooder.client.sendRaw(JSON.stringify({ kind: 'request', id: 1000 + i, type: 'getRouterRtpCapabilities', data: {} }));
    expect((await flooder.client.closed).code).toBe(CLOSE_CODES.RATE_LIMITED);
    expect(flooder.client.notifications.find((n) => n.type === 'closing')?.data).toMatchObject({ code: CLOSE_CODES.RATE_LIMITED, reason: expect.stringContaining('flooding') });
    await other.peer.client.waitFor('peerLeft', (d) => d.peerId === flooder.joined.peerId);
    await other.stillWorks();
    await other.peer.close();
  });

  it('closes a connection that sends a frame above the size limit', async () => {
    const client = await SignallingClient.connect(media.signallingUrl);
    client.sendRaw('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect((await client.closed).code).toBe(1009);
  });

  it('closes a connection that never joins', async () => {
    const client = await SignallingClient.connect(media.signallingUrl);
    expect((await client.closed).code).toBe(CLOSE_CODES.JOIN_TIMEOUT);
  });

  it('closes the peer whose transport never completes DTLS, and the room goes on', async () => {
    const room = 'consult:dtls';
    const other = await bystander(media, room);
    const stuck = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room }));
    const transport = await stuck.client.request('createTransport', { direction: 'send' });
    expect(transport.iceCandidates[0]).toMatchObject({ address: '127.0.0.1', protocol: expect.stringMatching(/udp|tcp/) });
    await stuck.client.request('connectTransport', {
      transportId: transport.transportId,
      dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: Array(32).fill('AB').join(':') }] },
    });
    expect((await stuck.client.closed).code).toBe(CLOSE_CODES.DTLS_TIMEOUT);
    await other.peer.client.waitFor('peerLeft', (d) => d.peerId === stuck.joined.peerId);
    await other.stillWorks();
    await other.peer.close();
  });
});

describe('signalling: the API cannot say whether a session is open', () => {
  let media: MediaTestApp;
  beforeAll(async () => {
    // Nothing listens on the discard port: every session check fails.
    media = await startMediaApp({ MEDIA_WORKERS: '1', OASIS_API_URL: 'http://127.0.0.1:9' });
  });
  afterAll(() => media?.close());

  it('refuses the join (fails closed) and keeps the connection for another try', async () => {
    const client = await SignallingClient.connect(media.signallingUrl);
    expect((await refusal(client.request('join', { token: testJoinToken({ room: 'consult:no-api' }) }))).code).toBe(SignallingErrorCode.SESSION_CHECK_FAILED);
    expect(media.runtime.manager.rooms.get('consult:no-api')).toBeUndefined();
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.socket.terminate();
  });
});
