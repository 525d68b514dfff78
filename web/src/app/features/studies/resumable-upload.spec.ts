import { jest } from '@jest/globals';
import { ApiError, NETWORK_ERROR } from '../../core/graphql/api-error';
import { isBrowserImage, ResumableUpload, RETRY_DELAYS_MS } from './resumable-upload';
import type { UploadCreated, UploadProgress, UploadsApi } from './uploads.api';

/** null: this call goes through. */
type Fault = ApiError | 'abort' | null;

/**
 * The server's side of the resumable protocol, in memory: it keeps the bytes it accepted and refuses a chunk
 * at the wrong offset, as UploadsController does. `faults` fail the next calls of a kind (a cut link, a refusal).
 */
class FakeUploads {
  readonly received: number[] = [];
  readonly calls: string[] = [];
  readonly faults: Record<'create' | 'append' | 'offset', Fault[]> = { create: [], append: [], offset: [] };
  /** Bytes stored although the answer is lost (the link dropped after the server wrote the chunk). */
  loseAnswerAfterWrite = false;
  /** What the create answer claims is stored, when not the truth. */
  createOffset: number | null = null;
  length = 0;

  readonly api = {
    create: async (_studyId: string, file: File, signal?: AbortSignal): Promise<UploadCreated> => {
      this.enter('create', signal);
      this.length = file.size;
      return { id: 'upload-1', offset: this.createOffset ?? this.received.length };
    },
    append: async (_id: string, offset: number, chunk: Blob, signal?: AbortSignal): Promise<UploadProgress> => {
      this.enter('append', signal);
      if (offset !== this.received.length) throw new ApiError('UPLOAD_OFFSET_MISMATCH', 'offset', { offset: this.received.length });
      this.received.push(...new Uint8Array(await chunk.arrayBuffer()));
      if (this.loseAnswerAfterWrite) {
        this.loseAnswerAfterWrite = false;
        throw new ApiError(NETWORK_ERROR, 'connection reset');
      }
      const complete = this.received.length === this.length;
      return { offset: this.received.length, complete, ...(complete ? { imageIds: ['image-1'] } : {}) };
    },
    offset: async (_id: string, signal?: AbortSignal): Promise<number> => {
      this.enter('offset', signal);
      return this.received.length;
    },
  } as unknown as UploadsApi;

  private enter(kind: 'create' | 'append' | 'offset', signal?: AbortSignal): void {
    this.calls.push(kind);
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const fault = this.faults[kind].shift();
    if (fault === 'abort') throw new DOMException('aborted', 'AbortError');
    if (fault) throw fault;
  }
}

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);
const fileOf = (n: number, name = 'scan.dcm') => new File([bytes(n)], name, { type: 'application/dicom' });

describe('ResumableUpload', () => {
  afterEach(() => jest.useRealTimers());

  it('sends the file in chunks at the server offset and ends with the images it became', async () => {
    const server = new FakeUploads();
    const upload = new ResumableUpload(fileOf(10), 'study-1', server.api, 4);
    await upload.start();
    expect(upload.phase()).toBe('done');
    expect(server.received).toEqual([...bytes(10)]);
    expect(server.calls).toEqual(['create', 'append', 'append', 'append']);
    expect(upload.sent()).toBe(10);
    expect(upload.percent()).toBe(100);
    expect(upload.imageIds()).toEqual(['image-1']);
  });

  it('refuses an empty file without asking the server', async () => {
    const server = new FakeUploads();
    const upload = new ResumableUpload(fileOf(0), 'study-1', server.api, 4);
    await upload.start();
    expect(upload.phase()).toBe('failed');
    expect(upload.error()?.code).toBe('EMPTY_FILE');
    expect(upload.retryable()).toBe(false);
    expect(server.calls).toEqual([]);
  });

  it('after a network error waits, asks the server for its offset, and goes on from there', async () => {
    jest.useFakeTimers();
    const server = new FakeUploads();
    server.faults.append.push(new ApiError(NETWORK_ERROR, 'offline'));
    const upload = new ResumableUpload(fileOf(8), 'study-1', server.api, 4);
    const finished = upload.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(upload.phase()).toBe('retrying');
    expect(upload.retryIn()).toBe(RETRY_DELAYS_MS[0] / 1000);
    await jest.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]);
    await finished;
    expect(upload.phase()).toBe('done');
    expect(server.calls).toEqual(['create', 'append', 'offset', 'append', 'append']);
    expect(server.received).toEqual([...bytes(8)]);
  });

  it('is done when the last chunk was stored but its answer lost', async () => {
    jest.useFakeTimers();
    const server = new FakeUploads();
    server.loseAnswerAfterWrite = true;
    const upload = new ResumableUpload(fileOf(4), 'study-1', server.api, 4);
    const finished = upload.start();
    await jest.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]);
    await finished;
    expect(upload.phase()).toBe('done');
    expect(server.calls).toEqual(['create', 'append', 'offset']);
    expect(server.received).toHaveLength(4);
  });

  it('follows the offset the server names when a chunk arrives at the wrong one', async () => {
    const server = new FakeUploads();
    server.received.push(...bytes(10).slice(0, 4));
    server.createOffset = 0;
    const upload = new ResumableUpload(fileOf(10), 'study-1', server.api, 4);
    await upload.start();
    expect(upload.phase()).toBe('done');
    expect(server.received).toEqual([...bytes(10)]);
    // The refused chunk at 0, then 4 and 8.
    expect(server.calls).toEqual(['create', 'append', 'append', 'append']);
  });

  it('fails on a refusal that another try cannot fix, and says so', async () => {
    const server = new FakeUploads();
    server.faults.append.push(new ApiError('BAD_USER_INPUT', 'not an image', { reason: 'UNSUPPORTED_FILE_TYPE' }));
    const upload = new ResumableUpload(fileOf(8), 'study-1', server.api, 4);
    await upload.start();
    expect(upload.phase()).toBe('failed');
    expect(upload.error()?.extensions['reason']).toBe('UNSUPPORTED_FILE_TYPE');
    expect(upload.retryable()).toBe(false);
  });

  it('gives up after the last back-off, retryable by hand, and a retry resumes at the server offset', async () => {
    jest.useFakeTimers();
    const server = new FakeUploads();
    server.faults.append.push(...RETRY_DELAYS_MS.map(() => new ApiError(NETWORK_ERROR, 'offline')), new ApiError(NETWORK_ERROR, 'offline'));
    const upload = new ResumableUpload(fileOf(8), 'study-1', server.api, 4);
    const finished = upload.start();
    await jest.advanceTimersByTimeAsync(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
    await finished;
    expect(upload.phase()).toBe('failed');
    expect(upload.retryable()).toBe(true);
    jest.useRealTimers();
    await upload.start();
    expect(upload.phase()).toBe('done');
    expect(server.received).toEqual([...bytes(8)]);
  });

  it('pauses on request and resumes from the bytes the server kept', async () => {
    const server = new FakeUploads();
    const upload = new ResumableUpload(fileOf(12), 'study-1', server.api, 4);
    // The person pauses while the second chunk is on its way.
    server.faults.append.push(null, 'abort');
    await upload.start();
    expect(upload.phase()).toBe('paused');
    expect(upload.sent()).toBe(4);
    expect(upload.active()).toBe(false);
    await upload.start();
    expect(upload.phase()).toBe('done');
    expect(server.calls.slice(-3)).toEqual(['offset', 'append', 'append']);
    expect(server.received).toEqual([...bytes(12)]);
  });

  it('pausing during the back-off stops the countdown', async () => {
    jest.useFakeTimers();
    const server = new FakeUploads();
    server.faults.append.push(new ApiError('INTERNAL_SERVER_ERROR', 'boom'));
    const upload = new ResumableUpload(fileOf(8), 'study-1', server.api, 4);
    const finished = upload.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(upload.phase()).toBe('retrying');
    upload.pause();
    await finished;
    expect(upload.phase()).toBe('paused');
    expect(server.calls).toEqual(['create', 'append']);
  });
});

describe('isBrowserImage', () => {
  it('accepts PNG and JPEG by type or by name, not DICOM', () => {
    expect(isBrowserImage(new File([], 'a.bin', { type: 'image/png' }))).toBe(true);
    expect(isBrowserImage(new File([], 'photo.JPG'))).toBe(true);
    expect(isBrowserImage(new File([], 'scan.dcm', { type: 'application/dicom' }))).toBe(false);
  });
});
