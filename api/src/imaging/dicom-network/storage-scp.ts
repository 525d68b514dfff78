import { Writable } from 'node:stream';
import dimse from 'dcmjs-dimse';
import { answerContext } from './presentation-contexts.js';

const { Dataset, Scp, constants, responses } = dimse;
const { PresentationContextResult, RejectReason, RejectResult, RejectSource, Status } = constants;

export interface Peer {
  callingAe: string;
  calledAe: string;
  /** The address the association came from (IPv4-mapped IPv6 written as IPv4). */
  address: string;
  /** How it sends: a DIMSE association (the default) or STOW-RS requests. */
  via?: 'stow-rs';
}

/** One C-STORE as received: the data set bytes in the negotiated syntax (or, from STOW-RS, a whole Part 10 file), or that it ran past the cap. */
export interface ReceivedInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  bytes: Buffer | null;
  /** Set when the data set was larger than the cap: the bytes were not kept. */
  tooLarge: boolean;
  /** The bytes are a Part 10 file already (STOW-RS), not a bare data set to put in one. */
  part10?: boolean;
}

export interface StoreAnswer {
  status: number;
  comment?: string;
}

/** What the receiver asks of the application: whom to let in, what to do with each instance. */
export interface StorageHandler<S> {
  maxInstanceBytes: number;
  /** Null refuses the association (the reason is recorded by the handler). */
  associate(peer: Peer): Promise<{ session: S } | { refuse: 'calling-ae' | 'called-ae' }>;
  /** Presentation contexts refused in negotiation, for the log and the audit trail. */
  refusedContexts(session: S, refused: Array<{ abstractSyntaxUid: string; transferSyntaxUids: string[]; reason: string }>): Promise<void>;
  store(session: S, instance: ReceivedInstance): Promise<StoreAnswer>;
  failed(session: S | null, error: unknown): void;
}

/** A memory sink for one data set that stops keeping bytes past the cap (and says so) instead of growing. */
class CappedSink extends Writable {
  readonly chunks: Buffer[] = [];
  size = 0;
  constructor(private readonly cap: number) {
    // Never ask the library to wait for 'drain': every chunk is taken at once.
    super({ highWaterMark: 4 * 1_048_576 });
  }
  get tooLarge(): boolean {
    return this.size > this.cap;
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.size += chunk.length;
    if (!this.tooLarge) this.chunks.push(chunk);
    else this.chunks.length = 0;
    done();
  }
}

/** The received bytes travel beside the placeholder Dataset the library hands to cStoreRequest. */
const receivedOf = new WeakMap<object, CappedSink>();

/**
 * The Storage SCP of dcmjs-dimse bound to a handler: negotiation (called and calling AE, presentation
 * contexts), C-ECHO, C-STORE. The data set is never parsed here: it is kept as bytes and decoded in the decode
 * pool like an upload, so a hostile file cannot stall the API's event loop.
 */
export function storageScpClass<S>(calledAe: string, handler: StorageHandler<S>): typeof dimse.Scp {
  return class StorageScp extends Scp {
    private session: S | null = null;

    override associationRequested(association: dimse.association.Association): void {
      const raw = (this as unknown as { socket: { remoteAddress?: string } }).socket.remoteAddress ?? '';
      const peer: Peer = { callingAe: association.getCallingAeTitle().trim(), calledAe: association.getCalledAeTitle().trim(), address: raw.replace(/^::ffff:/, '') };
      handler
        .associate(peer)
        .then(async (decision) => {
          if ('refuse' in decision) {
            const reason = decision.refuse === 'called-ae' ? RejectReason.CalledAeNotRecognized : RejectReason.CallingAeNotRecognized;
            this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, reason);
            return;
          }
          this.session = decision.session;
          const refused: Array<{ abstractSyntaxUid: string; transferSyntaxUids: string[]; reason: string }> = [];
          for (const { id } of association.getPresentationContexts()) {
            const context = association.getPresentationContext(id);
            const answer = answerContext(context.getAbstractSyntaxUid(), context.getTransferSyntaxUids());
            if ('accept' in answer) {
              context.setResult(PresentationContextResult.Accept, answer.accept);
            } else {
              context.setResult(
                answer.refuse === 'abstract-syntax' ? PresentationContextResult.RejectAbstractSyntaxNotSupported : PresentationContextResult.RejectTransferSyntaxesNotSupported,
              );
              refused.push({ abstractSyntaxUid: context.getAbstractSyntaxUid(), transferSyntaxUids: context.getTransferSyntaxUids(), reason: answer.refuse });
            }
          }
          if (refused.length > 0) await handler.refusedContexts(decision.session, refused);
          this.sendAssociationAccept();
        })
        .catch((error: unknown) => {
          handler.failed(null, error);
          this.sendAssociationReject(RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReason.TemporaryCongestion);
        });
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    /** After an A-ABORT the acceptor closes the connection (PS3.8 7.3.2); the peer's ARTIM timer waits for it otherwise. */
    override abort(): void {
      (this as unknown as { socket: { end(): void } }).socket.end();
    }

    override cEchoRequest(request: dimse.requests.CEchoRequest, callback: (response: dimse.responses.CEchoResponse) => void): void {
      const response = responses.CEchoResponse.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }

    override createStoreWritableStream(): Writable {
      return new CappedSink(handler.maxInstanceBytes);
    }

    override createDatasetFromStoreWritableStream(writable: Writable, context: dimse.association.PresentationContext, callback: (dataset: dimse.Dataset) => void): void {
      const placeholder = new Dataset({}, context.getAcceptedTransferSyntaxUid());
      receivedOf.set(placeholder, writable as CappedSink);
      callback(placeholder);
    }

    override cStoreRequest(request: dimse.requests.CStoreRequest, callback: (response: dimse.responses.CStoreResponse) => void): void {
      const respond = (answer: StoreAnswer) => {
        const response = responses.CStoreResponse.fromRequest(request);
        response.setStatus(answer.status);
        if (answer.comment) response.setErrorComment(answer.comment.slice(0, 64));
        callback(response);
      };
      const dataset = request.getDataset();
      const sink = dataset ? receivedOf.get(dataset) : undefined;
      if (!this.session || !dataset || !sink) return respond({ status: Status.ProcessingFailure, comment: 'No data set received' });
      const instance: ReceivedInstance = {
        sopClassUid: request.getAffectedSopClassUid(),
        sopInstanceUid: request.getAffectedSopInstanceUid(),
        transferSyntaxUid: dataset.getTransferSyntaxUid(),
        bytes: sink.tooLarge ? null : Buffer.concat(sink.chunks),
        tooLarge: sink.tooLarge,
      };
      const session = this.session;
      handler.store(session, instance).then(respond, (error: unknown) => {
        handler.failed(session, error);
        respond({ status: Status.ProcessingFailure, comment: 'Processing failure' });
      });
    }
  };
}
