import { createHash, createHmac, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const ALLOCATE_SUCCESS = 0x0103;
const ATTR = { USERNAME: 0x0006, MESSAGE_INTEGRITY: 0x0008, ERROR_CODE: 0x0009, REALM: 0x0014, NONCE: 0x0015, XOR_RELAYED_ADDRESS: 0x0016, REQUESTED_TRANSPORT: 0x0019 };

export type AllocateResult = { ok: true; relayedPort: number } | { ok: false; code: number; reason: string };

interface Message {
  type: number;
  attributes: Map<number, Buffer>;
}

/**
 * One TURN Allocate over TCP (RFC 5766), as a browser makes it: unauthenticated first, then again with the
 * long-term credential (USERNAME, REALM, NONCE, MESSAGE-INTEGRITY keyed by MD5(user:realm:password)).
 * Says whether the server granted a relay, or its error code (401: the credential is refused).
 */
export async function turnAllocate(host: string, port: number, username: string, password: string): Promise<AllocateResult> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect({ host, port }, () => resolve(s));
    s.once('error', reject);
  });
  const reader = messages(socket);
  try {
    const transport = Buffer.from([17, 0, 0, 0]); // UDP relay, what browsers ask for
    socket.write(encode(ALLOCATE, [[ATTR.REQUESTED_TRANSPORT, transport]]));
    const challenge = await reader.next();
    const realm = challenge.attributes.get(ATTR.REALM);
    const nonce = challenge.attributes.get(ATTR.NONCE);
    if (!realm || !nonce) return errorOf(challenge);
    const key = createHash('md5').update(`${username}:${realm.toString()}:${password}`).digest();
    socket.write(
      encode(ALLOCATE, [[ATTR.REQUESTED_TRANSPORT, transport], [ATTR.USERNAME, Buffer.from(username)], [ATTR.REALM, realm], [ATTR.NONCE, nonce]], key),
    );
    const answer = await reader.next();
    if (answer.type !== ALLOCATE_SUCCESS) return errorOf(answer);
    const relayed = answer.attributes.get(ATTR.XOR_RELAYED_ADDRESS)!;
    return { ok: true, relayedPort: relayed.readUInt16BE(2) ^ (MAGIC >>> 16) };
  } finally {
    socket.destroy();
  }
}

function errorOf(message: Message): AllocateResult {
  const error = message.attributes.get(ATTR.ERROR_CODE);
  if (!error) return { ok: false, code: 0, reason: `unexpected message type 0x${message.type.toString(16)}` };
  return { ok: false, code: (error[2] & 0x7) * 100 + error[3], reason: error.subarray(4).toString() };
}

function encode(type: number, attributes: [number, Buffer][], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attributes.map(([t, value]) => attribute(t, value)));
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  randomBytes(12).copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // The HMAC covers the message with its length already counting the MESSAGE-INTEGRITY attribute (24 bytes).
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', integrityKey).update(Buffer.concat([header, body])).digest();
  return Buffer.concat([header, body, attribute(ATTR.MESSAGE_INTEGRITY, mac)]);
}

function attribute(type: number, value: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(value.length, 2);
  return Buffer.concat([head, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

/** STUN messages as they arrive on a TCP stream (each is its 20-byte header plus the length it gives). */
function messages(socket: Socket): { next(): Promise<Message> } {
  let buffered = Buffer.alloc(0);
  let waiting: { resolve: (m: Message) => void; reject: (e: Error) => void } | null = null;
  const queue: Message[] = [];
  const deliver = () => {
    while (buffered.length >= 20 && buffered.length >= 20 + buffered.readUInt16BE(2)) {
      const length = 20 + buffered.readUInt16BE(2);
      queue.push(decode(buffered.subarray(0, length)));
      buffered = buffered.subarray(length);
    }
    if (waiting && queue.length > 0) {
      waiting.resolve(queue.shift()!);
      waiting = null;
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    deliver();
  });
  socket.on('close', () => waiting?.reject(new Error('the TURN server closed the connection')));
  return {
    next: () =>
      new Promise<Message>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer from the TURN server in 5 s')), 5000);
        waiting = { resolve: (m) => (clearTimeout(timer), resolve(m)), reject: (e) => (clearTimeout(timer), reject(e)) };
        deliver();
      }),
  };
}

function decode(data: Buffer): Message {
  const attributes = new Map<number, Buffer>();
  for (let offset = 20; offset + 4 <= data.length; ) {
    const type = data.readUInt16BE(offset);
    const length = data.readUInt16BE(offset + 2);
    attributes.set(type, data.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length + ((4 - (length % 4)) % 4);
  }
  return { type: data.readUInt16BE(0), attributes };
}
