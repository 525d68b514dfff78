import {
  REQUEST_TYPES,
  SignallingErrorCode,
  type RequestType,
  type SignallingError,
  type SignallingRequest,
} from '#contracts/protocol/signalling.js';

type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (max: number): Check => (value) => typeof value === 'string' && value.length > 0 && value.length <= max;
const oneOf = (...values: unknown[]): Check => (value) => values.includes(value);
const optional = (check: Check): Check => (value) => value === undefined || check(value);
const nullable = (check: Check): Check => (value) => value === null || check(value);
const unit: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
const layer: Check = (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 2;
const port: Check = (value) => Number.isInteger(value) && (value as number) > 0 && (value as number) < 65536;
const ipv4: Check = (value) => typeof value === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(value);
/** mediasoup ids are UUIDs; anything longer is not one of ours. */
const id = text(64);
/** Deeper shape of RTP/DTLS parameters is validated by mediasoup itself (TypeError → MALFORMED). */
const object: Check = isObject;

const SCHEMAS: { [T in RequestType]: Record<string, Check> } = {
  join: { token: text(4096) },
  rejoin: { resumeTicket: text(128) },
  getRouterRtpCapabilities: {},
  createTransport: { direction: oneOf('send', 'recv') },
  connectTransport: { transportId: id, dtlsParameters: object },
  restartIce: { transportId: id },
  produce: { transportId: id, kind: oneOf('audio', 'video'), rtpParameters: object, appData: (v) => isObject(v) && oneOf('camera', 'mic', 'screen')(v.source) },
  closeProducer: { producerId: id },
  pauseProducer: { producerId: id },
  resumeProducer: { producerId: id },
  consume: { transportId: id, producerId: id, rtpCapabilities: object },
  resumeConsumer: { consumerId: id },
  pauseConsumer: { consumerId: id },
  closeConsumer: { consumerId: id },
  setPreferredLayers: { consumerId: id, spatialLayer: layer, temporalLayer: optional(layer) },
  setAudioOnly: { audioOnly: (v) => typeof v === 'boolean' },
  raiseHand: {},
  lowerHand: { peerId: optional(id) },
  askQuestion: { text: (v) => typeof v === 'string' && v.length <= 4 * 500 },
  questionQueue: {},
  dismissQuestion: { questionId: id },
  shareImage: { imageId: nullable(text(200)) },
  pointer: { x: unit, y: unit },
  createPlainTransport: { direction: oneOf('send', 'recv') },
  connectPlainTransport: { transportId: id, ip: ipv4, port },
  leave: {},
};

const KNOWN = new Set<string>(REQUEST_TYPES);

const refusal = (id: number | null, code: SignallingErrorCode, reason: string): { error: SignallingError } => ({ error: { kind: 'error', id, code, reason } });

/** Reads one text frame as a request, or says precisely why it is not one. */
export function parseRequest(frame: string): { request: SignallingRequest } | { error: SignallingError } {
  let message: unknown;
  try {
    message = JSON.parse(frame);
  } catch {
    return refusal(null, SignallingErrorCode.MALFORMED, 'not JSON');
  }
  if (!isObject(message) || message.kind !== 'request') return refusal(null, SignallingErrorCode.MALFORMED, 'expected { kind: "request", id, type, data }');
  const requestId = message.id;
  if (!Number.isSafeInteger(requestId) || (requestId as number) < 0) return refusal(null, SignallingErrorCode.MALFORMED, 'id must be a non-negative integer');
  const reqId = requestId as number;
  if (typeof message.type !== 'string' || !KNOWN.has(message.type)) return refusal(reqId, SignallingErrorCode.UNKNOWN_TYPE, `unknown request type ${JSON.stringify(String(message.type).slice(0, 40))}`);
  const type = message.type as RequestType;
  const data = message.data ?? {};
  if (!isObject(data)) return refusal(reqId, SignallingErrorCode.MALFORMED, 'data must be an object');
  for (const [field, check] of Object.entries(SCHEMAS[type])) {
    if (!check(data[field])) return refusal(reqId, SignallingErrorCode.MALFORMED, `${type}: invalid or missing ${field}`);
  }
  return { request: { kind: 'request', id: reqId, type, data } as SignallingRequest };
}
