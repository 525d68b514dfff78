import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import { type SubscriptionHandlers, Subscriptions } from '../../core/graphql/subscriptions';
import type { RoomRole } from '#contracts/protocol/signalling';

/** What the API hands out to enter a media room (see calls.graphql): a single-use token and where to present it. */
export interface CallJoin {
  token: string;
  signallingUrl: string;
  room: string;
  role: RoomRole;
  /** The TURN relay with credentials made for this join (OASIS_TURN_URLS); empty without one. */
  iceServers: RTCIceServer[];
}

export interface CallInvitation {
  consultId: string;
  room: string;
  fromName: string;
  at: string;
}

const JOIN_FIELDS = 'token signallingUrl room role iceServers { urls username credential }';
const CONSULT_JOIN = `mutation ConsultCallJoin($id: ID!) { consultCallJoin(consultId: $id) { ${JOIN_FIELDS} } }`;
const TRAINING_JOIN = `mutation TrainingSessionJoin($id: ID!) { trainingSessionJoin(sessionId: $id) { ${JOIN_FIELDS} } }`;
const TRAINING_SESSION = 'query LiveSessionHeading($id: ID!) { liveSession(id: $id) { id title presenterName } }';
const START_RECORDING = 'mutation StartSessionRecording($id: ID!) { startSessionRecording(sessionId: $id) }';
const STOP_RECORDING = 'mutation StopSessionRecording($id: ID!) { stopSessionRecording(sessionId: $id) { id } }';
const INVITED = 'subscription CallInvited { callInvited { consultId room fromName at } }';
const SUMMARY = 'query ConsultCallSummary($id: ID!) { consult(id: $id) { id call { startedAt endedAt participants } } }';

/** A consult's call as the media service reported it: started, and still going while `endedAt` is null. */
export interface CallSummary {
  startedAt: string | null;
  endedAt: string | null;
  participants: number;
}

interface IceServerRow {
  urls: string[];
  username: string | null;
  credential: string | null;
}

/** GraphQL leaves absent TURN credentials as null; RTCPeerConnection wants them absent. */
const toJoin = (join: Omit<CallJoin, 'iceServers'> & { iceServers: IceServerRow[] }): CallJoin => ({
  ...join,
  iceServers: join.iceServers.map(({ urls, username, credential }) => ({ urls, ...(username ? { username } : {}), ...(credential ? { credential } : {}) })),
});

@Injectable({ providedIn: 'root' })
export class CallsApi {
  private readonly api = inject(Api);
  private readonly subscriptions = inject(Subscriptions);

  /** Starts or joins a consult's call; the other side is rung by the API. */
  async consultJoin(consultId: string): Promise<CallJoin> {
    return toJoin((await this.api.request<{ consultCallJoin: Parameters<typeof toJoin>[0] }>(CONSULT_JOIN, { id: consultId })).consultCallJoin);
  }

  /** What the live room is headed with: the session's title and who presents it. */
  async trainingSession(sessionId: string, signal?: AbortSignal): Promise<{ title: string; presenterName: string }> {
    return (await this.api.request<{ liveSession: { title: string; presenterName: string } }>(TRAINING_SESSION, { id: sessionId }, signal)).liveSession;
  }

  async trainingJoin(sessionId: string): Promise<CallJoin> {
    return toJoin((await this.api.request<{ trainingSessionJoin: Parameters<typeof toJoin>[0] }>(TRAINING_JOIN, { id: sessionId })).trainingSessionJoin);
  }

  /** Trainers only; the room's 'recording' notification updates everyone's indicator. */
  async startRecording(sessionId: string): Promise<void> {
    await this.api.request(START_RECORDING, { id: sessionId });
  }

  /** The stopped recording becomes a lesson of the session. */
  async stopRecording(sessionId: string): Promise<void> {
    await this.api.request(STOP_RECORDING, { id: sessionId });
  }

  /** Null until someone has joined the consult's call. */
  async consultCall(consultId: string, signal?: AbortSignal): Promise<CallSummary | null> {
    return (await this.api.request<{ consult: { call: CallSummary | null } }>(SUMMARY, { id: consultId }, signal)).consult.call;
  }

  /**
   * Calls `ended` once the call that rang at `rangAt` is over (the media service reports the end to the API,
   * not to browsers, so a ring asks every few seconds); returns the function that stops asking.
   */
  watchEnd(consultId: string, rangAt: string, ended: () => void, everyMs = 4_000): () => void {
    const timer = setInterval(() => {
      void this.consultCall(consultId)
        .then((call) => {
          if (call?.endedAt && Date.parse(call.endedAt) >= Date.parse(rangAt)) {
            clearInterval(timer);
            ended();
          }
        })
        .catch(() => undefined);
    }, everyMs);
    return () => clearInterval(timer);
  }

  /** Someone on one of my consults started or joined its call; returns the function that stops listening. */
  invitations(handlers: SubscriptionHandlers<CallInvitation>): () => void {
    return this.subscriptions.subscribe<{ callInvited: CallInvitation }>(INVITED, { ...handlers, next: (data) => handlers.next(data.callInvited) });
  }
}
