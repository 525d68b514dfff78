import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttendanceService } from '../../calls/attendance.service.js';
import type { Course } from '../courses/course.entity.js';
import { LiveSession } from '../live-sessions/live-session.entity.js';
import { sessionMinutes } from '../live-sessions/session-minutes.js';

export interface Requirements {
  lessonsTotal: number;
  lessonsDone: number;
  attendanceMinutes: number;
  /** When the trainee last passed the exam; null if never (or the course has no exam). */
  lastPassedAt: Date | null;
  hasExam: boolean;
}

export const requirementsMet = (course: Pick<Course, 'requiredAttendanceMinutes'>, r: Requirements): boolean =>
  r.lessonsDone >= r.lessonsTotal && r.attendanceMinutes >= course.requiredAttendanceMinutes && (!r.hasExam || r.lastPassedAt !== null);

/** Where a trainee stands on a course's requirements: lessons done, minutes attended (from the media service), exam passed. */
@Injectable()
export class RequirementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly attendance: AttendanceService,
  ) {}

  async of(userId: string, course: Course): Promise<Requirements> {
    const [row]: Array<{ total: number; done: number; passed_at: Date | null; has_exam: boolean }> = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM lesson WHERE course_id = $1) AS total,
              (SELECT count(*)::int FROM lesson_completion WHERE course_id = $1 AND user_id = $2) AS done,
              (SELECT max(submitted_at) FROM exam_attempt WHERE course_id = $1 AND user_id = $2 AND passed) AS passed_at,
              EXISTS (SELECT 1 FROM exam WHERE course_id = $1) AS has_exam`,
      [course.id, userId],
    );
    const sessions = await this.dataSource.getRepository(LiveSession).find({ where: { courseId: course.id }, select: { id: true, startsAt: true, durationMinutes: true } });
    const attendanceMinutes = await sessionMinutes(this.attendance, sessions, userId);
    return { lessonsTotal: row.total, lessonsDone: row.done, attendanceMinutes, lastPassedAt: row.passed_at ? new Date(row.passed_at) : null, hasExam: row.has_exam };
  }
}
