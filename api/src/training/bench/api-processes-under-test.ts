import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../common/free-port.js';

/**
 * The API as production runs it (`dist/api/src/main.js`, OASIS_API_PROCESSES processes sharing a port),
 * started for a benchmark. Its CPU time is read from /proc for the whole process tree, so the figure is
 * the API's cost whatever else ran on the machine.
 */
export class ApiProcessesUnderTest {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>, processes: number): Promise<ApiProcessesUnderTest> {
    const port = await freePort();
    const main = fileURLToPath(new URL('../../main.js', import.meta.url));
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), OASIS_API_PROCESSES: String(processes) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let listening = 0;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`API did not start in time:\n${output}`)), 120_000);
      child.once('exit', (code) => reject(new Error(`API exited with ${code}:\n${output}`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        listening = output.split('"Oasis API listening"').length - 1;
        if (listening >= processes) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.removeAllListeners('exit');
    return new ApiProcessesUnderTest(child, `http://127.0.0.1:${port}`);
  }

  /** User + system CPU milliseconds of the API's processes so far (Linux /proc; 0 elsewhere). */
  cpuMs(): number {
    return treeOf(this.child.pid!).reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

function treeOf(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return [pid, ...children.flatMap(treeOf)];
  } catch {
    return [];
  }
}

/** Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): utime and stime in clock ticks (100 per second on Linux). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
