import type { Consult, Urgency } from '../../core/models/consult';
import { URGENCIES } from '../../core/models/consult';

/** What a township doctor has to act on: reports back (new ones since the last visit first) and requests still open. */
export interface DoctorTasks {
  reportsBack: Array<Consult & { isNew: boolean }>;
  waiting: Consult[];
}

/** What a specialist has to act on: open requests by urgency, and the cases they claimed, oldest claim first. */
export interface SpecialistTasks {
  offeredByUrgency: Array<{ urgency: Urgency; count: number }>;
  /** More offered than the first worklist page shows. */
  moreOffered: boolean;
  /** Oldest claim first; those whose report is written wait only for the specialist's signature. */
  claimed: Array<Consult & { awaitingSignature: boolean }>;
}

const REPORTED_BACK = new Set(['SIGNED', 'AMENDED']);
const WAITING = new Set(['REQUESTED', 'OFFERED', 'CLAIMED', 'IN_REVIEW', 'REPORTED']);

export function doctorTasks(mine: Consult[], lastVisit: string | null): DoctorTasks {
  const since = lastVisit ? Date.parse(lastVisit) : Number.NEGATIVE_INFINITY;
  const reportsBack = mine
    .filter((c) => REPORTED_BACK.has(c.status))
    .map((c) => ({ ...c, isNew: Date.parse(c.signedAt ?? c.closedAt ?? c.requestedAt) > since }))
    .sort((a, b) => Number(b.isNew) - Number(a.isNew) || Date.parse(b.signedAt ?? b.requestedAt) - Date.parse(a.signedAt ?? a.requestedAt));
  return { reportsBack, waiting: mine.filter((c) => WAITING.has(c.status)) };
}

const AWAITING_SIGNATURE = new Set(['REPORTED', 'AMENDED']);

/** `open`: the first worklist page; `claimed`: the specialist's own cases not signed yet (myClaimedConsults). */
export function specialistTasks(open: Consult[], moreOffered: boolean, claimed: Consult[]): SpecialistTasks {
  const offered = open.filter((c) => c.status === 'OFFERED');
  return {
    offeredByUrgency: [...URGENCIES].reverse().map((urgency) => ({ urgency, count: offered.filter((c) => c.urgency === urgency).length })),
    moreOffered,
    claimed: claimed
      .map((c) => ({ ...c, awaitingSignature: AWAITING_SIGNATURE.has(c.status) }))
      .sort((a, b) => Date.parse(a.claimedAt ?? a.requestedAt) - Date.parse(b.claimedAt ?? b.requestedAt)),
  };
}

/** A trainee's or trainer's: live sessions not over yet (soonest first) and, for a trainee, exams not passed. */
export interface TrainingTasks {
  sessions: Array<{ id: string; courseId: string; courseTitle: string; title: string; startsAt: string; durationMinutes: number }>;
  exams: Array<{ courseId: string; courseTitle: string; examTitle: string }>;
}

export interface TrainingCourse {
  id: string;
  title: string;
  myProgress: { examPassed: boolean } | null;
  exam: { title: string } | null;
  liveSessions: Array<{ id: string; title: string; startsAt: string; durationMinutes: number; presenterId: string }>;
}

/** Sessions shown on Home at most; the course pages list the rest. */
const UPCOMING_SHOWN = 5;

export function trainingTasks(courses: TrainingCourse[], { now, userId, trainer }: { now: number; userId: string; trainer: boolean }): TrainingTasks {
  const mine = courses.filter((c) => (trainer ? c.liveSessions.some((s) => s.presenterId === userId) : c.myProgress !== null));
  const sessions = mine
    .flatMap((c) => c.liveSessions.filter((s) => !trainer || s.presenterId === userId).map((s) => ({ ...s, courseId: c.id, courseTitle: c.title })))
    .filter((s) => Date.parse(s.startsAt) + s.durationMinutes * 60_000 > now)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .slice(0, UPCOMING_SHOWN)
    .map(({ presenterId: _presenter, ...s }) => s);
  const exams = trainer ? [] : mine.filter((c) => c.exam && !c.myProgress!.examPassed).map((c) => ({ courseId: c.id, courseTitle: c.title, examTitle: c.exam!.title }));
  return { sessions, exams };
}

/** A certificate as Home reads it for reminders. */
export interface HeldCertificate {
  id: string;
  courseId: string;
  courseTitle: string;
  expiresAt: string;
  status: 'VALID' | 'EXPIRED' | 'REVOKED';
  supersededBy: string | null;
}

/** A certificate to renew: expired, or expiring within this many days. */
export const RENEWAL_NOTICE_DAYS = 60;

/** Certificates to renew, soonest first: the current one of each course (not renewed yet) that expired or soon will. */
export function certificateReminders(held: HeldCertificate[], now: number): Array<HeldCertificate & { expired: boolean }> {
  const notice = now + RENEWAL_NOTICE_DAYS * 86_400_000;
  return held
    .filter((c) => c.supersededBy === null && c.status !== 'REVOKED' && Date.parse(c.expiresAt) <= notice)
    .map((c) => ({ ...c, expired: c.status === 'EXPIRED' || Date.parse(c.expiresAt) <= now }))
    .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}

/** A file that did not finish going into a study, as Home lists it. */
export interface UploadTask {
  /** The server's upload id (null when it was refused before the server announced one). */
  id: string | null;
  studyId: string;
  fileName: string;
  percent: number;
  /** `failed`: refused or gave up; `paused`/`retrying`: in this tab; `left`: held by the server, the file must be picked again. */
  state: 'failed' | 'paused' | 'retrying' | 'left';
}

/** The uploads needing the doctor: this tab's first, then those the server holds that this tab has no file for. */
export function uploadTasks(inTab: UploadTask[], onServer: Array<{ id: string; studyId: string; fileName: string | null; length: number; received: number }>): UploadTask[] {
  const here = new Set(inTab.map((u) => u.id));
  const left = onServer
    .filter((u) => !here.has(u.id))
    .map((u): UploadTask => ({ id: u.id, studyId: u.studyId, fileName: u.fileName ?? '', percent: u.length ? Math.floor((u.received / u.length) * 100) : 0, state: 'left' }));
  return [...inTab, ...left];
}
