import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { WebSocketServer } from 'ws';
import { AttendanceReporter } from './attendance/attendance-reporter.js';
import { JoinVerifier } from './auth/join-verifier.js';
import { ResumeTickets } from './auth/resume-tickets.js';
import { SessionCheck } from './auth/session-check.js';
import type { MediaConfig } from './media-config.js';
import { CLOSE_CODES } from '#contracts/protocol/signalling.js';
import { RoomManager } from './rooms/room-manager.js';
import { attachSignalling } from './signalling/signalling-server.js';
import { checkUdpBuffers } from './workers/udp-buffers.js';
import { WorkerPool } from './workers/worker-pool.js';

export const MEDIA_CONFIG = Symbol('MEDIA_CONFIG');

/**
 * Owns the media service's moving parts and their order: workers start before the server listens;
 * at shutdown peers are told and recorded as left, the last attendance events are flushed, then workers stop.
 */
@Injectable()
export class MediaRuntime implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly pool: WorkerPool;
  readonly reporter: AttendanceReporter;
  readonly manager: RoomManager;
  private wss: WebSocketServer | null = null;

  constructor(
    @Inject(MEDIA_CONFIG) readonly config: MediaConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.pool = new WorkerPool({ numWorkers: config.numWorkers, rtcMinPort: config.rtcMinPort, rtcMaxPort: config.rtcMaxPort, logLevel: config.workerLogLevel });
    this.reporter = new AttendanceReporter({ apiUrl: config.apiUrl, secret: config.secret });
    this.manager = new RoomManager({
      pool: this.pool,
      config,
      reporter: this.reporter,
      verifier: new JoinVerifier(config.secret),
      tickets: new ResumeTickets(config.resumeTicketTtlMs),
      sessions: new SessionCheck(config.apiUrl, config.secret),
    });
  }

  async onModuleInit() {
    await this.pool.start();
  }

  onApplicationBootstrap() {
    this.wss = attachSignalling(this.adapterHost.httpAdapter.getHttpServer() as Server, this.manager, this.config);
  }

  async beforeApplicationShutdown() {
    this.manager.shutdown();
    for (const client of this.wss?.clients ?? []) client.close(CLOSE_CODES.SHUTDOWN, 'shutdown');
    this.wss?.close();
    await this.reporter.flush(2000);
    this.reporter.stop();
    this.pool.close();
  }

  health() {
    const alive = this.pool.workers.length;
    return { workers: { alive, expected: this.pool.expected, pids: this.pool.workers.map((w) => w.pid) }, udpReceiveBuffer: checkUdpBuffers(), ...this.manager.stats() };
  }
}
