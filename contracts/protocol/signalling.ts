/**
 * The signalling protocol between the browser (web/) and the media service (media/), defined once here
 * and imported by both sides. Browser-safe: no Node imports, only types and constants.
 *
 * Transport: one WebSocket per peer at `SIGNALLING_PATH`, JSON text frames.
 * - The client sends requests `{ kind: 'request', id, type, data }` with a fresh numeric id each time.
 * - The server answers every request exactly once, with the same id: `{ kind: 'response', id, data }`
 *   or `{ kind: 'error', id, code, reason }`. An error that belongs to no request (unparseable frame) has `id: null`.
 * - The server pushes notifications `{ kind: 'notification', type, data }` at any time after join.
 *
 * Order of a call: join (or rejoin) → createTransport send/recv → connectTransport (on the client
 * transport's 'connect') → produce / consume (+ resumeConsumer once the client consumer exists).
 */
import type {
  DtlsParameters,
  IceCandidate,
  IceParameters,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
} from 'mediasoup-client/types';

export type { DtlsParameters, IceCandidate, IceParameters, MediaKind, RtpCapabilities, RtpParameters };

/** Path of the WebSocket endpoint on the media service's HTTP server. */
export const SIGNALLING_PATH = '/signalling';

/** Frames larger than this are refused and the socket closed (SDP-free protocol: real messages are a few KiB). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export type RoomKind = 'consult' | 'training';
export type RoomRole = 'participant' | 'presenter' | 'viewer';
export type ProducerSource = 'camera' | 'mic' | 'screen';
export type TransportDirection = 'send' | 'recv';

/**
 * Simulcast encodings the media service recommends for camera video (3 layers, low → high). Pass them
 * as `encodings` to `transport.produce()`; screen sharing sends a single encoding.
 */
export const CAMERA_SIMULCAST_ENCODINGS: ReadonlyArray<{ rid: string; scaleResolutionDownBy: number; maxBitrate: number; scalabilityMode: string }> = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];
/** `codecOptions` for camera video: start near the middle so township links do not begin at thumbnail size. */
export const CAMERA_CODEC_OPTIONS = { videoGoogleStartBitrate: 600 } as const;

/** Spatial layer for a viewer window width in CSS pixels (the client asks, the server applies it). */
export function spatialLayerForWidth(width: number): 0 | 1 | 2 {
  if (width <= 320) return 0;
  if (width <= 720) return 1;
  return 2;
}

// ---------------------------------------------------------------------------------------------
// Shared shapes

export interface PeerInfo {
  peerId: string;
  userId: string;
  name: string;
  role: RoomRole;
  handRaised: boolean;
}

export interface ProducerInfo {
  producerId: string;
  peerId: string;
  kind: MediaKind;
  source: ProducerSource;
  paused: boolean;
}

export interface RaisedHand {
  peerId: string;
  name: string;
  /** ISO 8601. */
  at: string;
}

export interface Question {
  questionId: string;
  peerId: string;
  name: string;
  text: string;
  /** ISO 8601. */
  at: string;
}

/** What the client needs to call `device.createSendTransport` / `createRecvTransport`. */
export interface TransportOptions {
  transportId: string;
  direction: TransportDirection;
  iceParameters: IceParameters;
  /** Already mapped to the client's field names (`address`, not the server's `ip`). */
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}

/** Answer to join and rejoin: everything the client needs to render the room. */
export interface JoinResult {
  peerId: string;
  room: string;
  roomKind: RoomKind;
  role: RoomRole;
  /** Present to `rejoin` after a network drop or `roomRestarting`, instead of a new API token. */
  resumeTicket: string;
  /** ISO 8601; the ticket is renewed by every successful join/rejoin. */
  resumeTicketExpiresAt: string;
  routerRtpCapabilities: RtpCapabilities;
  /** The other peers (not including this one). */
  peers: PeerInfo[];
  /** Producers of the other peers, to consume. */
  producers: ProducerInfo[];
  raisedHands: RaisedHand[];
  questions: Question[];
  sharedImageId: string | null;
  /** A training session being recorded: every client shows a "recording" indicator. */
  recording: boolean;
}

export interface ConsumerOptions {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: MediaKind;
  source: ProducerSource;
  rtpParameters: RtpParameters;
  /** 'simulcast' for camera video; the client may then call setPreferredLayers. */
  type: 'simple' | 'simulcast' | 'svc' | 'pipe';
  producerPaused: boolean;
}

// ---------------------------------------------------------------------------------------------
// Requests (client → server): type → [request data, response data]

export interface RequestMap {
  /** First message: the API's join token (CallJoin.token). */
  join: [{ token: string }, JoinResult];
  /** Instead of join after a drop or roomRestarting: the ticket from the last JoinResult. */
  rejoin: [{ resumeTicket: string }, JoinResult];
  getRouterRtpCapabilities: [Record<string, never>, { routerRtpCapabilities: RtpCapabilities }];
  createTransport: [{ direction: TransportDirection }, TransportOptions];
  connectTransport: [{ transportId: string; dtlsParameters: DtlsParameters }, Record<string, never>];
  /** After a network change: new ICE parameters for `transport.restartIce({ iceParameters })`. */
  restartIce: [{ transportId: string }, { iceParameters: IceParameters }];
  /** Refused for viewers of training rooms. */
  produce: [{ transportId: string; kind: MediaKind; rtpParameters: RtpParameters; appData: { source: ProducerSource } }, { producerId: string }];
  closeProducer: [{ producerId: string }, Record<string, never>];
  pauseProducer: [{ producerId: string }, Record<string, never>];
  resumeProducer: [{ producerId: string }, Record<string, never>];
  /** The consumer is created paused: call resumeConsumer once the client-side consumer exists. */
  consume: [{ transportId: string; producerId: string; rtpCapabilities: RtpCapabilities }, ConsumerOptions];
  resumeConsumer: [{ consumerId: string }, Record<string, never>];
  pauseConsumer: [{ consumerId: string }, Record<string, never>];
  closeConsumer: [{ consumerId: string }, Record<string, never>];
  /** Viewer window size / bandwidth → which simulcast layer to receive (see spatialLayerForWidth). */
  setPreferredLayers: [{ consumerId: string; spatialLayer: number; temporalLayer?: number }, Record<string, never>];
  /** Audio-only mode: the server pauses (or resumes) every video consumer of this peer. */
  setAudioOnly: [{ audioOnly: boolean }, Record<string, never>];
  /** Training rooms. lowerHand without peerId lowers one's own; presenters may lower anyone's. */
  raiseHand: [Record<string, never>, Record<string, never>];
  lowerHand: [{ peerId?: string }, Record<string, never>];
  /** Training rooms: questions queue up for the presenter (text at most MAX_QUESTION_LENGTH). */
  askQuestion: [{ text: string }, { questionId: string }];
  questionQueue: [Record<string, never>, { questions: Question[] }];
  /** Presenters remove a question once answered. */
  dismissQuestion: [{ questionId: string }, Record<string, never>];
  /** Consult rooms: show an ultrasound image (an image id of the consult) to everyone; null stops sharing. */
  shareImage: [{ imageId: string | null }, Record<string, never>];
  /** Consult rooms: pointer on the shared image, normalized 0..1 from the top-left corner (answered like every request; clients may ignore it). */
  pointer: [{ x: number; y: number }, Record<string, never>];
  /**
   * Headless clients only (tests, benchmark, recorders), when the service allows plain RTP
   * (MEDIA_ALLOW_PLAIN_TRANSPORTS): a send transport learns the client's address from its first packet
   * (comedia); a recv transport sends to the address given by connectPlainTransport. Browsers never use these.
   */
  createPlainTransport: [{ direction: TransportDirection }, { transportId: string; ip: string; port: number }];
  connectPlainTransport: [{ transportId: string; ip: string; port: number }, Record<string, never>];
  /** Hang up: the server records the leave and closes the socket. */
  leave: [Record<string, never>, Record<string, never>];
}

export type RequestType = keyof RequestMap;
export type RequestData<T extends RequestType> = RequestMap[T][0];
export type ResponseData<T extends RequestType> = RequestMap[T][1];

export const REQUEST_TYPES: readonly RequestType[] = [
  'join', 'rejoin', 'getRouterRtpCapabilities', 'createTransport', 'connectTransport', 'restartIce',
  'produce', 'closeProducer', 'pauseProducer', 'resumeProducer',
  'consume', 'resumeConsumer', 'pauseConsumer', 'closeConsumer', 'setPreferredLayers', 'setAudioOnly',
  'raiseHand', 'lowerHand', 'askQuestion', 'questionQueue', 'dismissQuestion', 'shareImage', 'pointer',
  'createPlainTransport', 'connectPlainTransport', 'leave',
];

export const MAX_QUESTION_LENGTH = 500;

export type SignallingRequest = { [T in RequestType]: { kind: 'request'; id: number; type: T; data: RequestData<T> } }[RequestType];

export interface SignallingResponse<T extends RequestType = RequestType> {
  kind: 'response';
  id: number;
  data: ResponseData<T>;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** Stable codes of `{ kind: 'error' }` messages. */
export const SignallingErrorCode = {
  /** Not JSON, or not a well-formed request (missing id/type/data, wrong field types). */
  MALFORMED: 'MALFORMED',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  /** Any request but join/rejoin before joining. */
  NOT_JOINED: 'NOT_JOINED',
  ALREADY_JOINED: 'ALREADY_JOINED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_REPLAYED: 'TOKEN_REPLAYED',
  /** Unknown, expired or already superseded resume ticket: get a new token from the API. */
  TICKET_INVALID: 'TICKET_INVALID',
  /** The API session the token was issued to has ended (sign-out, deactivation, expiry): sign in again. */
  SESSION_ENDED: 'SESSION_ENDED',
  /** The API could not be asked whether the session is still open: try again shortly. */
  SESSION_CHECK_FAILED: 'SESSION_CHECK_FAILED',
  /** Transport / producer / consumer / question id unknown to this peer (e.g. connect before create). */
  NOT_FOUND: 'NOT_FOUND',
  /** The role may not do this (viewer produce, non-presenter dismiss, pointer in a training room…). */
  FORBIDDEN: 'FORBIDDEN',
  /** Well-formed but not acceptable now (e.g. incompatible rtpCapabilities, transport already connected). */
  BAD_STATE: 'BAD_STATE',
  /** Too many messages: the socket is then closed with CLOSE_CODES.RATE_LIMITED. */
  RATE_LIMITED: 'RATE_LIMITED',
  TOO_LARGE: 'TOO_LARGE',
  /** The room is being re-created after a media worker failure: rejoin with the resume ticket. */
  ROOM_RESTARTING: 'ROOM_RESTARTING',
  INTERNAL: 'INTERNAL',
} as const;
export type SignallingErrorCode = (typeof SignallingErrorCode)[keyof typeof SignallingErrorCode];

export interface SignallingError {
  kind: 'error';
  /** The request's id, or null when the frame could not be read as a request. */
  id: number | null;
  code: SignallingErrorCode;
  reason: string;
}

/** WebSocket close codes the server uses (4000–4999 are application codes). */
export const CLOSE_CODES = {
  /** Normal hang-up after `leave`. */
  LEFT: 1000,
  /** Frame above MAX_MESSAGE_BYTES. */
  TOO_LARGE: 1009,
  /** join/rejoin refused: do not retry with the same token. */
  JOIN_REFUSED: 4001,
  /** No join within the join timeout. */
  JOIN_TIMEOUT: 4002,
  /** A transport did not complete DTLS in time: ICE/TURN is likely blocked. */
  DTLS_TIMEOUT: 4003,
  /** Flooding: too many messages. */
  RATE_LIMITED: 4008,
  /** Another connection rejoined with this peer's resume ticket. */
  REPLACED: 4009,
  /** The service is shutting down. */
  SHUTDOWN: 4010,
  /** The API session of this peer ended (sign-out, deactivation, expiry): its resume ticket is void too. */
  SESSION_ENDED: 4011,
} as const;

// ---------------------------------------------------------------------------------------------
// Notifications (server → client)

export interface NotificationMap {
  peerJoined: PeerInfo;
  peerLeft: { peerId: string };
  newProducer: ProducerInfo;
  producerClosed: { producerId: string; peerId: string };
  producerPaused: { producerId: string; peerId: string };
  producerResumed: { producerId: string; peerId: string };
  /** The server closed one of this peer's consumers (its producer went away). */
  consumerClosed: { consumerId: string };
  consumerPaused: { consumerId: string };
  consumerResumed: { consumerId: string };
  /** Layers actually received now (null: none, e.g. the producer stopped sending). */
  consumerLayersChanged: { consumerId: string; spatialLayer: number | null; temporalLayer: number | null };
  /** The room's media worker died: close transports and `rejoin` with the resume ticket after retryAfterMs. */
  roomRestarting: { reason: string; retryAfterMs: number };
  handRaised: { peerId: string; name: string; raised: boolean; raisedHands: RaisedHand[] };
  questions: { questions: Question[] };
  imageShared: { imageId: string | null; peerId: string };
  pointer: { peerId: string; x: number; y: number };
  /** Recording of the room started or stopped (started and stopped by the API for a trainer). */
  recording: { recording: boolean };
  /** Sent just before the server closes the socket, with the reason. */
  closing: { code: number; reason: string };
}

export type NotificationType = keyof NotificationMap;

export type SignallingNotification = { [T in NotificationType]: { kind: 'notification'; type: T; data: NotificationMap[T] } }[NotificationType];

export type ServerMessage = SignallingResponse | SignallingError | SignallingNotification;
export type ClientMessage = SignallingRequest;
