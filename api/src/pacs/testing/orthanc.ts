import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../common/free-port.js';
import { startTestDaemon } from '../../testing/test-daemon.js';

/** Debian's orthanc-dicomweb: Orthanc then serves DICOMweb under /dicom-web and can call other DICOMweb servers. */
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** A DICOMweb server Orthanc may call, by name (its `/dicom-web/servers/<name>/…` routes). */
export interface DicomWebServer {
  Url: string;
  Username?: string;
  Password?: string;
  HttpHeaders?: Record<string, string>;
}

/** A real Orthanc (Debian's `orthanc`, with its DICOMweb plugin) as the hospital PACS: its own folder and free ports, REST on loopback. */
export interface Orthanc {
  aeTitle: string;
  dicomPort: number;
  url: string;
  /** Its own DICOMweb base URL. */
  dicomWebUrl: string;
  /** GET on the REST API, as JSON. */
  get<T>(path: string): Promise<T>;
  /** POST on the REST API (a JSON or binary body), the answer as JSON. */
  post<T>(path: string, body: string | Uint8Array<ArrayBuffer>): Promise<T>;
  getBytes(path: string): Promise<Buffer>;
  stop(): Promise<void>;
}

/** `modalities`: the DICOM peers Orthanc may send to, by name: [AE title, host, port]. */
export async function startOrthanc(aeTitle = 'HOSPITALPACS', modalities: Record<string, [string, string, number]> = {}, dicomWebServers: Record<string, DicomWebServer> = {}): Promise<Orthanc> {
  const [dicomPort, httpPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${httpPort}`;
  const daemon = await startTestDaemon(
    'orthanc',
    async (dir) => {
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
        Plugins: [DICOMWEB_PLUGIN],
        DicomWeb: { Enable: true, Root: '/dicom-web/', Servers: dicomWebServers },
      };
      await writeFile(join(dir, 'orthanc.json'), JSON.stringify(config));
      return { command: 'Orthanc', args: [join(dir, 'orthanc.json')] };
    },
    () => fetch(`${url}/system`).then((r) => r.ok, () => false),
  );
  const getBytes = async (path: string) => {
    const response = await fetch(url + path);
    if (!response.ok) throw new Error(`Orthanc GET ${path}: ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  };
  return {
    aeTitle,
    dicomPort,
    url,
    dicomWebUrl: `${url}/dicom-web`,
    get: async <T>(path: string) => JSON.parse((await getBytes(path)).toString('utf8')) as T,
    post: async <T>(path: string, body: string | Uint8Array<ArrayBuffer>) => {
      const response = await fetch(url + path, { method: 'POST', body });
      const text = await response.text();
      if (!response.ok) throw new Error(`Orthanc POST ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
    getBytes,
    stop: daemon.stop,
  };
}
