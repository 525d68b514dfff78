import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { MediaConfig } from '../media-config.js';
import { MAX_MESSAGE_BYTES, SIGNALLING_PATH } from '#contracts/protocol/signalling.js';
import type { RoomManager } from '../rooms/room-manager.js';
import { SignallingSession } from './signalling-session.js';

/**
 * The WebSocket endpoint on the service's HTTP server. Frames above MAX_MESSAGE_BYTES are refused by
 * ws itself (close 1009) before they are buffered, so a client cannot make the server hold megabytes.
 */
export function attachSignalling(server: Server, manager: RoomManager, config: MediaConfig): WebSocketServer {
  const wss = new WebSocketServer({ server, path: SIGNALLING_PATH, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('connection', (socket, request) => {
    const remote = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    new SignallingSession(socket, manager, config, remote);
  });
  return wss;
}
