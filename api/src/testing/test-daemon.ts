import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Debian daemon started by a test in a folder of its own (its configuration, data and logs). */
export interface TestDaemon {
  dir: string;
  /** What it wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM, SIGKILL after 3 s, then the folder is removed. */
  stop(): Promise<void>;
}

/**
 * Starts `command` with the arguments `setUp` gives once it has written its configuration into the daemon's
 * folder, and waits until `ready()` (or until it exits, or 30 s: then it is stopped and the error says why).
 */
export async function startTestDaemon(
  name: string,
  setUp: (dir: string) => Promise<{ command: string; args: string[] }>,
  ready: () => Promise<boolean>,
): Promise<TestDaemon> {
  const dir = await mkdtemp(join(tmpdir(), `oasis-${name}-`));
  const { command, args } = await setUp(dir);
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const problem = child.exitCode !== null ? `exited (${child.exitCode})` : Date.now() > deadline ? 'was not ready within 30 s' : null;
    if (problem) {
      await stop();
      throw new Error(`${name} ${problem}: ${stderr}`);
    }
    if (await ready()) return { dir, stderr: () => stderr, stop };
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
