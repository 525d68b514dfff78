import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../common/free-port.js';

/** A real Orthanc (Debian's `orthanc`) as the hospital PACS: its own folder and free ports, REST on loopback. */
export interface Orthanc {
  aeTitle: string;
  dicomPort: number;
  url: string;
  /** GET on the REST API, as JSON. */
  get<T>(path: string): Promise<T>;
  /** POST on the REST API (a JSON or binary body), the answer as JSON. */
  post<T>(path: string, body: string | Uint8Array<ArrayBuffer>): Promise<T>;
  getBytes(path: string): Promise<Buffer>;
  stop(): Promise<void>;
}

/** `modalities`: the DICOM peers Orthanc may send to, by name: [AE title, host, port]. */
export async function startOrthanc(aeTitle = 'HOSPITALPACS', modalities: Record<string, [string, string, number]> = {}): Promise<Orthanc> {
  const dir = await mkdtemp(join(tmpdir(), 'oasis-orthanc-'));
  const [dicomPort, httpPort] = [await freePort(), await freePort()];
  const config = {
    Name: 'Oasis test PACS',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    DicomAet: aeTitle,
    DicomPort: dicomPort,
    HttpPort: httpPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomCheckCalledAet: true,
    DicomAlwaysAllowStore: true,
    DicomModalities: modalities,
    Plugins: [],
  };
  const configFile = join(dir, 'orthanc.json');
  await writeFile(configFile, JSON.stringify(config));
  const child: ChildProcess = spawn('Orthanc', [configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Orthanc exited (${child.exitCode}): ${log}`);
    const up = await fetch(`${url}/system`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`Orthanc did not answer within 30 s: ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const getBytes = async (path: string) => {
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`Orthanc GET ${path}: ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  };
  return {
    aeTitle,
    dicomPort,
    url,
    get: async <T>(path: string) => JSON.parse((await getBytes(path)).toString('utf8')) as T,
    post: async <T>(path: string, body: string | Uint8Array<ArrayBuffer>) => {
      const response = await fetch(url + path, { method: 'POST', body });
      const text = await response.text();
      if (!response.ok) throw new Error(`Orthanc POST ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
    getBytes,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
