import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from './common/free-port.js';

const fixture = fileURLToPath(new URL('./testing/supervised-servers.mts', import.meta.url));

/** Which process answered, over a fresh connection each time (the kernel spreads connections, not requests). */
function whoAnswers(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(Number(body)));
    })
      .on('error', reject)
      .end();
  });
}

describe('API processes sharing one port (OASIS_API_PROCESSES)', () => {
  it('spreads connections over every process and replaces one that dies', async () => {
    const port = await freePort();
    const primary = spawn(process.execPath, ['--no-warnings', fixture], { env: { ...process.env, PORT: String(port), PROCESSES: '2' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const listening: number[] = [];
    const logged: Array<Record<string, unknown>> = [];
    primary.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logged.push(entry);
        if (entry.msg === 'listening') listening.push(entry.pid as number);
      }
    });
    const until = async (condition: () => boolean) => {
      for (let waited = 0; !condition(); waited += 50) {
        if (waited > 20_000) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await until(() => listening.length === 2);
      const answered = new Set<number>();
      for (let i = 0; i < 40 && answered.size < 2; i++) answered.add(await whoAnswers(port));
      expect([...answered].sort()).toEqual([...listening].sort());

      process.kill(listening[0]!, 'SIGKILL');
      await until(() => listening.length === 3);
      expect(logged).toContainEqual(expect.objectContaining({ msg: 'API process exited; starting another', signal: 'SIGKILL' }));
      const survivors = new Set<number>();
      for (let i = 0; i < 40 && survivors.size < 2; i++) survivors.add(await whoAnswers(port));
      expect([...survivors].sort()).toEqual([listening[1]!, listening[2]!].sort());
    } finally {
      const exited = new Promise((resolve) => primary.once('exit', resolve));
      primary.kill('SIGTERM');
      await exited;
    }
  });
});
