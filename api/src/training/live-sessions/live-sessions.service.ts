import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttendanceService } from '../../calls/attendance.service.js';
import { CallsService } from '../../calls/calls.service.js';
import type { CallJoin } from '../../calls/dto/call-join.type.js';
import { notFound } from '../../common/app-error.js';
import type { Actor } from '../../policy/actor.js';
import type { LiveSessionInput } from '../dto/training.input.js';
import { LiveSession } from './live-session.entity.js';
import { TrainingAccess } from '../training-access.service.js';
import { sessionMinutes } from './session-minutes.js';

/** Scheduled live sessions of a course, each a media room; attendance comes from the media service's reports. */
@Injectable()
export class LiveSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: TrainingAccess,
    private readonly calls: CallsService,
    private readonly attendance: AttendanceService,
  ) {}

  async schedule(actor: Actor, input: LiveSessionInput): Promise<LiveSession> {
    const course = await this.access.course(input.courseId);
    await this.access.authorize(actor, 'training.author', course);
    return this.dataSource.getRepository(LiveSession).save({
      courseId: course.id,
      title: input.title,
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes,
      presenterId: actor.userId,
    });
  }

  /** For the course's staff and its enrolled trainees. */
  async list(actor: Actor, courseId: string): Promise<LiveSession[]> {
    const course = await this.access.course(courseId);
    if (!(await this.access.isStaff(actor, course))) await this.access.assertEnrolled(actor, course);
    return this.dataSource.getRepository(LiveSession).find({ where: { courseId }, order: { startsAt: 'ASC' } });
  }

  /** One session (the room shows its title and presenter): for the course's staff and its enrolled trainees. */
  async get(actor: Actor, sessionId: string): Promise<LiveSession> {
    const session = await this.dataSource.getRepository(LiveSession).findOneBy({ id: sessionId });
    if (!session) throw notFound('Live session');
    const course = await this.access.course(session.courseId);
    if (session.presenterId !== actor.userId && !(await this.access.isStaff(actor, course))) await this.access.assertEnrolled(actor, course);
    return session;
  }

  async presenterName(session: LiveSession): Promise<string> {
    const [row]: Array<{ display_name: string }> = await this.dataSource.query(`SELECT display_name FROM app_user WHERE id = $1`, [session.presenterId]);
    return row?.display_name ?? '';
  }

  /** The presenter and the course's trainers present; enrolled trainees watch. */
  async join(actor: Actor, sessionId: string): Promise<CallJoin> {
    const session = await this.dataSource.getRepository(LiveSession).findOneBy({ id: sessionId });
    if (!session) throw notFound('Live session');
    const course = await this.access.course(session.courseId);
    const presents = session.presenterId === actor.userId || (await this.access.can(actor, 'training.author', course));
    if (!presents) await this.access.assertEnrolled(actor, course);
    return this.calls.issueJoin(actor, { kind: 'training', id: session.id }, presents ? 'presenter' : 'viewer');
  }

  async myMinutes(actor: Actor, session: LiveSession): Promise<number> {
    return sessionMinutes(this.attendance, [session], actor.userId);
  }
}
