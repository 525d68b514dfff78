import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { roomKey } from '#contracts/protocol/join-token.js';
import { CallJoin } from '../../calls/dto/call-join.type.js';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { LiveSessionInput } from '../dto/training.input.js';
import { LiveSession } from './live-session.entity.js';
import { LiveSessionsService } from './live-sessions.service.js';
import { SessionRecording } from './session-recording.entity.js';
import { SessionRecordingsService } from './session-recordings.service.js';

const uuid = { type: () => ID };

@Resolver(() => LiveSession)
export class LiveSessionsResolver {
  constructor(
    private readonly sessions: LiveSessionsService,
    private readonly sessionRecordings: SessionRecordingsService,
  ) {}

  @Query(() => [LiveSession])
  liveSessions(@CurrentActor() actor: Actor, @Args('courseId', uuid, ParseUUIDPipe) courseId: string): Promise<LiveSession[]> {
    return this.sessions.list(actor, courseId);
  }

  @Query(() => LiveSession, { description: 'One session: the course’s staff and enrolled trainees' })
  liveSession(@CurrentActor() actor: Actor, @Args('id', uuid, ParseUUIDPipe) id: string): Promise<LiveSession> {
    return this.sessions.get(actor, id);
  }

  @Mutation(() => LiveSession)
  scheduleLiveSession(@CurrentActor() actor: Actor, @Args('input') input: LiveSessionInput): Promise<LiveSession> {
    return this.sessions.schedule(actor, input);
  }

  @Mutation(() => CallJoin, { description: 'Enrolled trainees join as viewers; the presenter and the course’s trainers present' })
  trainingSessionJoin(@CurrentActor() actor: Actor, @Args('sessionId', uuid, ParseUUIDPipe) sessionId: string): Promise<CallJoin> {
    return this.sessions.join(actor, sessionId);
  }

  @Mutation(() => Boolean, { description: 'The course’s trainers record the live session (everyone in the room is shown it)' })
  startSessionRecording(@CurrentActor() actor: Actor, @Args('sessionId', uuid, ParseUUIDPipe) sessionId: string): Promise<boolean> {
    return this.sessionRecordings.start(actor, sessionId);
  }

  @Mutation(() => SessionRecording, { description: 'Stops the recording and keeps it as a lesson of the session' })
  stopSessionRecording(@CurrentActor() actor: Actor, @Args('sessionId', uuid, ParseUUIDPipe) sessionId: string): Promise<SessionRecording> {
    return this.sessionRecordings.stop(actor, sessionId);
  }

  @ResolveField(() => [SessionRecording], { description: 'Recordings of the session, watched as lessons' })
  recordings(@Parent() session: LiveSession): Promise<SessionRecording[]> {
    return this.sessionRecordings.list(session);
  }

  @ResolveField(() => String, { description: 'Media room key, training:<id>' })
  room(@Parent() session: LiveSession): string {
    return roomKey('training', session.id);
  }

  @ResolveField(() => String, { description: 'The presenter’s display name' })
  presenterName(@Parent() session: LiveSession): Promise<string> {
    return this.sessions.presenterName(session);
  }

  @ResolveField(() => Int, { description: 'Minutes in the room, from the media service’s join/leave reports' })
  myAttendanceMinutes(@CurrentActor() actor: Actor, @Parent() session: LiveSession): Promise<number> {
    return this.sessions.myMinutes(actor, session);
  }
}
