import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import type { HeldCertificate, TrainingCourse } from './home-tasks';

export interface RegionCounts {
  institutions: number;
  users: number;
  /** Overdue follow-ups escalated in the admin's institutions. */
  escalations: number;
}

const COUNTS = 'query HomeCounts { institutions { id } users(filter: { limit: 1 }) { total } followUpEscalations(filter: { limit: 1 }) { total } }';
const COURSES = 'query HomeCourses { courses { id title myProgress { examPassed } } }';
const COURSE_TASKS = 'query HomeCourse($id: ID!) { course(id: $id) { exam { title } } liveSessions(courseId: $id) { id title startsAt durationMinutes presenterId } }';
const CERTIFICATES = 'query HomeCertificates { myCertificates { id courseId courseTitle expiresAt status supersededBy } }';
/** Courses read for Home at most (one request each, in parallel). */
const COURSES_READ = 10;

@Injectable({ providedIn: 'root' })
export class HomeApi {
  private readonly api = inject(Api);

  /** What an administrator manages: institutions in the directory, people in their scope, follow-ups escalated to them. */
  async counts(signal?: AbortSignal): Promise<RegionCounts> {
    const data = await this.api.request<{ institutions: { id: string }[]; users: { total: number }; followUpEscalations: { total: number } }>(COUNTS, undefined, signal);
    return { institutions: data.institutions.length, users: data.users.total, escalations: data.followUpEscalations.total };
  }

  /** The person's own certificates, for renewal reminders. */
  async certificates(signal?: AbortSignal): Promise<HeldCertificate[]> {
    return (await this.api.request<{ myCertificates: HeldCertificate[] }>(CERTIFICATES, undefined, signal)).myCertificates;
  }

  /** The courses with their exam and live sessions: those the person is enrolled in (a trainee), or all (a trainer). */
  async trainingCourses(trainer: boolean, signal?: AbortSignal): Promise<TrainingCourse[]> {
    const { courses } = await this.api.request<{ courses: Array<Pick<TrainingCourse, 'id' | 'title' | 'myProgress'>> }>(COURSES, undefined, signal);
    const relevant = courses.filter((c) => trainer || c.myProgress !== null).slice(0, COURSES_READ);
    return Promise.all(
      relevant.map(async (c) => {
        const data = await this.api.request<{ course: { exam: TrainingCourse['exam'] }; liveSessions: TrainingCourse['liveSessions'] }>(COURSE_TASKS, { id: c.id }, signal);
        return { ...c, exam: data.course.exam, liveSessions: data.liveSessions };
      }),
    );
  }
}
