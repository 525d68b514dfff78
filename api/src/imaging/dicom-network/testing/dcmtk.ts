import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The real-world samples (read at test time from ../shared, never copied into the repository). */
export const REAL_DICOM = join(process.cwd(), '..', 'shared', 'realdicom', 'files');

export interface PeerRun {
  code: number;
  output: string;
}

function run(tool: string, args: string[]): Promise<PeerRun> {
  return new Promise((resolve) => {
    execFile(tool, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** DCMTK echoscu: a C-ECHO from `callingAe` (verbose, so the association's answer is in the output). */
export const echoscu = (port: number, callingAe: string, calledAe = 'OASIS'): Promise<PeerRun> => run('echoscu', ['-v', '-aet', callingAe, '-aec', calledAe, '127.0.0.1', String(port)]);

/** DCMTK storescu sending the files (names in REAL_DICOM, or paths) on one association. */
export const storescu = (port: number, callingAe: string, files: string[], options: string[] = [], calledAe = 'OASIS'): Promise<PeerRun> =>
  run('storescu', ['-v', ...options, '-aet', callingAe, '-aec', calledAe, '127.0.0.1', String(port), ...files.map((f) => (f.includes('/') ? f : join(REAL_DICOM, f)))]);
