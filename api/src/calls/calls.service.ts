import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import { roomKey, signJoinToken, type RoomKind, type RoomRole } from '#contracts/protocol/join-token.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Consult } from '../consults/consult.entity.js';
import { ConsultStatus } from '../consults/consult-status.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import { User } from '../identity/user.entity.js';
import type { Actor } from '../policy/actor.js';
import type { Target } from '../policy/decide.js';
import { PolicyService } from '../policy/policy.service.js';
import type { CallInvitation, CallJoin } from './dto/call-join.type.js';
import { turnCredentials } from './turn-credentials.js';

/** A consult has someone on both ends only once a specialist has claimed it, and until it is closed. */
const CALLABLE: readonly ConsultStatus[] = [ConsultStatus.CLAIMED, ConsultStatus.IN_REVIEW, ConsultStatus.REPORTED, ConsultStatus.SIGNED, ConsultStatus.AMENDED];

/** The requesting institution's clinicians, and the specialist who holds the case. */
export const consultCallTarget = (consult: Pick<Consult, 'requestingInstitutionId' | 'claimedBy'>): Target => ({
  institutionIds: [consult.requestingInstitutionId],
  ...(consult.claimedBy ? { userId: consult.claimedBy } : {}),
});

export interface CallInvitationEvent {
  callInvited: CallInvitation;
  target: Target;
  fromUserId: string;
}

/**
 * Admission to media rooms. The API alone decides who may enter which room in which role; the media
 * service only checks the signed token it hands out here.
 */
@Injectable()
export class CallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  /**
   * A token for a room the caller has already authorised the actor for (training sessions check enrolment
   * in their own module). Audited, since a call shows patient images.
   */
  async issueJoin(actor: Actor, room: { kind: RoomKind; id: string }, role: RoomRole): Promise<CallJoin> {
    return this.sign(actor, room, role, await this.displayName(actor.userId));
  }

  private async sign(actor: Actor, room: { kind: RoomKind; id: string }, role: RoomRole, name: string): Promise<CallJoin> {
    const key = roomKey(room.kind, room.id);
    // Bound to the session: the media service admits (and keeps) the peer only while it is open.
    const token = signJoinToken(this.config.mediaSecret, { sub: actor.userId, name, room: key, kind: room.kind, role, sid: actor.sessionId });
    await this.audit.record({ actor, action: `${room.kind}.call-join`, resourceType: room.kind, resourceId: room.id, details: { role } });
    // The relay's credentials name the user too, so coturn's log says whose allocation it is.
    const iceServers = this.config.turn ? [turnCredentials(this.config.turn, actor.userId)] : [];
    return { token, signallingUrl: this.config.mediaSignallingUrl, room: key, role, iceServers };
  }

  /** Joins (or starts) the video call of a consult; everyone else on the case is told at once. */
  async joinConsultCall(actor: Actor, consultId: string): Promise<CallJoin> {
    const consult = await this.dataSource.getRepository(Consult).findOneBy({ id: consultId });
    if (!consult) throw notFound('Consult');
    const target = consultCallTarget(consult);
    await this.policy.authorize(actor, 'consult.call', target, { type: 'consult', id: consultId });
    if (!CALLABLE.includes(consult.status)) {
      throw new AppError(ErrorCode.CALL_NOT_AVAILABLE, 'A call can start once a specialist has claimed the consult, and not after it is closed', { status: consult.status });
    }
    const fromName = await this.displayName(actor.userId);
    const join = await this.sign(actor, { kind: 'consult', id: consultId }, 'participant', fromName);
    const event: CallInvitationEvent = { callInvited: { consultId, room: join.room, fromName, at: new Date() }, target, fromUserId: actor.userId };
    await this.pubSub.publish(Topics.callInvited, event);
    return join;
  }

  private async displayName(userId: string): Promise<string> {
    return (await this.dataSource.getRepository(User).findOneOrFail({ where: { id: userId }, select: { id: true, displayName: true } })).displayName;
  }
}
