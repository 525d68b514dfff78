import { createSocket } from 'node:dgram';
import { appendFile, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { type ChainHead, readChainHeads } from './chain-heads.js';

/**
 * Exports the audit chain heads outside the database every few minutes (a JSON line in the head file, and
 * to syslog when configured), so that rows deleted or a table rebuilt by someone with the owner's rights no
 * longer match what was exported (`npm run audit:verify` compares). Only heads that moved are written.
 */
@Injectable()
export class ChainHeadExporter implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChainHeadExporter.name);
  private timer?: NodeJS.Timeout;
  private readonly written = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => {
      this.export().catch((error: Error) => this.logger.warn(`Audit chain head export failed: ${error.message}`));
    }, this.config.auditHeadExportSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }

  /** Writes the heads of today's and yesterday's chains that moved since the last export; returns them. */
  async export(): Promise<ChainHead[]> {
    const since = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const moved = (await readChainHeads(this.dataSource, since)).filter((h) => this.written.get(h.chain) !== h.seq);
    if (moved.length === 0) return moved;
    const line = JSON.stringify({ exportedAt: new Date().toISOString(), heads: moved });
    await mkdir(dirname(this.config.auditHeadFile), { recursive: true });
    await appendFile(this.config.auditHeadFile, `${line}\n`, { mode: 0o600 });
    if (this.config.auditHeadSyslog) await sendSyslog(this.config.auditHeadSyslog, line);
    for (const head of moved) this.written.set(head.chain, head.seq);
    return moved;
  }
}

/** One RFC 5424 message over UDP, facility "log audit" (13), severity info. */
function sendSyslog(target: string, message: string): Promise<void> {
  const { hostname: host, port } = new URL(target);
  const packet = Buffer.from(`<110>1 ${new Date().toISOString()} ${hostname()} oasis-api ${process.pid} audit-chain-head - ${message}`);
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) =>
    socket.send(packet, Number(port || 514), host.replace(/^\[|\]$/g, ''), (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    }),
  );
}
