import { Component, computed, DestroyRef, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { ConsultsApi } from '../../core/data/consults.api';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel, roleLabel, urgencyLabel } from '../../core/i18n/labels';
import { CONSULT_BADGES, durationText } from '../../shared/consult/consult-badges';
import { Clock } from '../../shared/clock';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FollowUpApi } from '../follow-up/follow-up.api';
import { HomeApi } from './home.api';
import { UploadQueue } from '../studies/upload-queue';
import { certificateReminders, doctorTasks, specialistTasks, trainingTasks, type UploadTask, uploadTasks } from './home-tasks';
import type { Role } from '../../core/models/role';

/** Where the time of the previous visit to Home is kept, per person: reports signed after it are new. */
const LAST_VISIT_KEY = (userId: string) => `oasis.home.lastVisit.${userId}`;
const UPLOAD_STATE_LABEL = {
  failed: 'home.upload.failed',
  paused: 'home.upload.paused',
  retrying: 'home.upload.retrying',
  left: 'home.upload.left',
} as const satisfies Record<UploadTask['state'], string>;

const LEARNER_ROLES: readonly Role[] = ['TRAINEE', 'TOWNSHIP_DOCTOR', 'SPECIALIST'];

/** How often the training list is read again (sessions begin and end by the clock, not by an event). */
const TRAINING_REFRESH_MS = 60_000;

@Component({
  selector: 'app-home-page',
  imports: [RouterLink, ErrorBanner, ...CONSULT_BADGES],
  templateUrl: './home-page.html',
  styleUrl: './home-page.css',
})
export class HomePage {
  protected readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly roleLabel = roleLabel;
  protected readonly regionLabel = regionLabel;
  protected readonly urgencyLabel = urgencyLabel;
  protected readonly uploadStateLabel = UPLOAD_STATE_LABEL;
  private readonly api = inject(HomeApi);
  private readonly consults = inject(ConsultsApi);
  private readonly followUps = inject(FollowUpApi);
  private readonly clock = inject(Clock);

  /** Only administrators see the counts (and only they may read the user list). */
  protected readonly counts = resource({
    params: () => (this.auth.isAdmin() ? true : undefined),
    loader: ({ abortSignal }) => this.api.counts(abortSignal),
  });

  private readonly userId = computed(() => this.auth.user()?.id ?? null);
  protected readonly isDoctor = computed(() => this.userId() !== null && this.auth.hasRole('TOWNSHIP_DOCTOR'));
  protected readonly isSpecialist = computed(() => this.userId() !== null && this.auth.hasRole('SPECIALIST'));
  private readonly lastVisit = computed(() => {
    const id = this.userId();
    return id ? localStorage.getItem(LAST_VISIT_KEY(id)) : null;
  });

  protected readonly doctor = resource({
    params: () => (this.isDoctor() ? { lastVisit: this.lastVisit() } : undefined),
    loader: async ({ params, abortSignal }) => doctorTasks(await this.consults.mine({}, abortSignal), params.lastVisit),
  });

  /** Due and overdue follow-ups of the doctor's institutions. */
  protected readonly followUp = resource({
    params: () => (this.isDoctor() ? true : undefined),
    loader: ({ abortSignal }) => this.followUps.counts(abortSignal),
  });

  protected readonly specialist = resource({
    params: () => (this.isSpecialist() ? { userId: this.userId()! } : undefined),
    loader: async ({ abortSignal }) => {
      const [page, claimed] = await Promise.all([this.consults.worklist({}, null, abortSignal), this.consults.claimed(abortSignal)]);
      return specialistTasks(page.items, page.nextCursor !== null, claimed);
    },
  });

  private readonly uploads = inject(UploadQueue);
  /** Uploads the server holds unfinished, read once per visit (this tab's own uploads are followed live). */
  protected readonly unfinishedUploads = resource({
    params: () => (this.isDoctor() ? { userId: this.userId()! } : undefined),
    loader: ({ abortSignal }) => this.uploads.unfinished(abortSignal),
  });
  protected readonly uploadTasks = computed(() => {
    const inTab = this.uploads.needingAttention().map(
      (u): UploadTask => ({ id: u.id, studyId: u.studyId, fileName: u.file.name, percent: u.percent(), state: u.phase() as UploadTask['state'] }),
    );
    return uploadTasks(inTab, this.unfinishedUploads.hasValue() ? this.unfinishedUploads.value() : []);
  });

  protected readonly isTrainer = computed(() => this.userId() !== null && this.auth.hasRole('TRAINER'));
  protected readonly isTrainee = computed(() => this.userId() !== null && this.auth.hasRole('TRAINEE'));
  /** Those who take courses: trainees, and the township doctors and specialists they are for. */
  protected readonly isLearner = computed(() => this.userId() !== null && LEARNER_ROLES.some((role) => this.auth.hasRole(role)));
  protected readonly training = resource({
    params: () => (this.isTrainer() || this.isLearner() ? { userId: this.userId()!, trainer: this.isTrainer(), learner: this.isLearner() } : undefined),
    loader: async ({ params, abortSignal }) => {
      const [courses, certificates] = await Promise.all([this.api.trainingCourses(params.trainer, abortSignal), params.learner ? this.api.certificates(abortSignal) : []]);
      const now = Date.now();
      return { ...trainingTasks(courses, { ...params, now }), renewals: certificateReminders(certificates, now) };
    },
  });
  /** Trainers and trainees always; a doctor or specialist once they have a course, session or certificate to act on. */
  protected readonly showTraining = computed(() => {
    if (this.isTrainer() || this.isTrainee()) return true;
    const tasks = this.training.hasValue() ? this.training.value() : null;
    return !!tasks && tasks.sessions.length + tasks.exams.length + tasks.renewals.length > 0;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    // Sessions start and end by the clock: the list follows it.
    const tick = setInterval(() => {
      if (this.training.hasValue()) this.training.reload();
    }, TRAINING_REFRESH_MS);
    destroyRef.onDestroy(() => clearInterval(tick));
    // Live: any change to a consult the person may see refreshes the lists (a burst of changes, once).
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = this.consults.changes({
      next: () => {
        clearTimeout(pending);
        pending = setTimeout(() => {
          // A signed report may have opened a follow-up case.
          if (this.isDoctor()) {
            this.doctor.reload();
            this.followUp.reload();
          }
          if (this.isSpecialist()) this.specialist.reload();
        }, 300);
      },
      error: () => undefined,
    });
    destroyRef.onDestroy(() => {
      stop();
      clearTimeout(pending);
      // This visit is the one the next visit compares with.
      const id = this.userId();
      if (id) localStorage.setItem(LAST_VISIT_KEY(id), new Date().toISOString());
    });
  }

  protected claimedFor(claimedAt: string | null): string {
    return claimedAt ? this.t('home.claimedAgo', { time: durationText(this.clock.now() - Date.parse(claimedAt), this.i18n) }) : '';
  }
}
