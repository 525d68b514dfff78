import { Component, computed, inject, input, linkedSignal, resource, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { type ConsultAction, ConsultsApi } from '../../core/data/consults.api';
import { PatientsApi } from '../../core/data/patients.api';
import { StudiesApi } from '../../core/data/studies.api';
import { ApiError } from '../../core/graphql/api-error';
import { I18n } from '../../core/i18n/i18n.service';
import { consultEventLabel, consultStatusLabel, regionLabel, sexLabel } from '../../core/i18n/labels';
import type { MessageKey } from '../../core/i18n/messages/en';
import { CALLABLE_STATUSES, CANCELLABLE_STATUSES, type ConsultEvent, type ConsultStatus, type ConsultWithHistory } from '../../core/models/consult';
import { Confirm } from '../../shared/confirm/confirm.service';
import { CONSULT_BADGES } from '../../shared/consult/consult-badges';
import { liveConsults } from '../../shared/consult/live-consults';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { PendingAction } from '../../shared/pending-action';
import { Toasts } from '../../shared/toast/toasts.service';
import { ConsultCall } from '../live/consult-call';
import { imageFiles } from '../studies/image-files';
import { firstLesionNumbers } from '../studies/lesion-numbers';
import { StudyImageCard } from '../studies/study-image-card';
import { ConsultMessages } from './consult-messages';
import { ConsultReportPanel } from './consult-report';
import { InstitutionNames } from './institution-names';

/** Events a specialist causes; anyone else acting on a consult is from the requesting institution. */
const SPECIALIST_EVENTS = new Set(['claim', 'release', 'start-review', 'report', 'sign', 'amend']);
/** What each button does, for ILLEGAL_TRANSITION ("… cannot be claimed"). */
const ACTION_LABELS: Record<ConsultAction, MessageKey> = {
  claimConsult: 'consult.claim',
  releaseConsult: 'consult.release',
  startConsultReview: 'consult.startReview',
  cancelConsult: 'consult.cancel',
};

/**
 * One consult, for both sides: the patient and study, the clinical question, the images with the AI
 * overlay, the status timeline, and the actions the viewer may take (a specialist of the hospital it is
 * offered to claims, starts the review or releases it; the requesting doctor may cancel). The status
 * follows consultChanged.
 */
@Component({
  selector: 'app-consult-page',
  imports: [RouterLink, ErrorBanner, StudyImageCard, CONSULT_BADGES, ConsultReportPanel, ConsultMessages, ConsultCall],
  templateUrl: './consult-page.html',
  styleUrl: './consult-page.css',
})
export class ConsultPage {
  /** Route parameter. */
  readonly id = input.required<string>();
  /** Query parameter: `?call=join` (the link of a call invitation) joins the video call at once. */
  readonly call = input<string>();

  private readonly api = inject(ConsultsApi);
  private readonly studiesApi = inject(StudiesApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly auth = inject(AuthService);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly institutions = inject(InstitutionNames);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly regionLabel = regionLabel;
  protected readonly sexLabel = sexLabel;
  protected readonly statusLabel = consultStatusLabel;

  private readonly loaded = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params, abortSignal }) => this.api.get(params.id, abortSignal),
  });
  /** The consult as last read, or as the last action or live change left it. */
  protected readonly consult = linkedSignal<ConsultWithHistory | null, ConsultWithHistory | null>({
    source: () => (this.loaded.hasValue() ? this.loaded.value() : null),
    computation: (next, previous) => next ?? (previous?.value?.id === this.id() ? previous.value : null),
  });
  protected readonly loadError = this.loaded.error;
  protected readonly study = resource({
    params: () => {
      const consult = this.consult();
      return consult ? { id: consult.studyId } : undefined;
    },
    loader: ({ params, abortSignal }) => this.studiesApi.get(params.id, abortSignal),
  });
  protected readonly images = computed(() => (this.study.hasValue() ? this.study.value().images : []));
  protected readonly firstLesionNumbers = computed(() => firstLesionNumbers(this.images()));
  /** A cine loop is one card with its frames. */
  protected readonly files = computed(() => imageFiles(this.images()));

  private readonly me = computed(() => this.auth.user());
  protected readonly myId = computed(() => this.me()?.id ?? null);
  /** A specialist of the hospital the consult is offered to. */
  protected readonly specialistSide = computed(() => {
    const consult = this.consult();
    return !!consult?.targetInstitutionId && (this.me()?.roles ?? []).some((r) => r.role === 'SPECIALIST' && r.institutionId === consult.targetInstitutionId);
  });
  /** A doctor of the institution that asked. */
  protected readonly requestingSide = computed(() => {
    const consult = this.consult();
    return !!consult && (this.me()?.roles ?? []).some((r) => (r.role === 'TOWNSHIP_DOCTOR' || r.role === 'SPECIALIST') && r.institutionId === consult.requestingInstitutionId);
  });
  /** Only the requesting institution reads the patient's record; the specialist sees the study. */
  protected readonly patient = resource({
    params: () => {
      const consult = this.consult();
      return consult && this.requestingSide() ? { id: consult.patientId } : undefined;
    },
    loader: ({ params, abortSignal }) => this.patientsApi.get(params.id, abortSignal),
  });

  protected readonly claimedByMe = computed(() => {
    const consult = this.consult();
    return !!consult && consult.claimedBy !== null && consult.claimedBy === this.me()?.id;
  });
  /** For the specialists: a colleague holds it. */
  protected readonly claimedByOther = computed(() => {
    const consult = this.consult();
    return this.specialistSide() && !!consult?.claimedBy && !this.claimedByMe() && (consult.status === 'CLAIMED' || consult.status === 'IN_REVIEW');
  });
  protected readonly canClaim = computed(() => this.specialistSide() && this.consult()?.status === 'OFFERED');
  protected readonly canStartReview = computed(() => this.specialistSide() && this.claimedByMe() && this.consult()?.status === 'CLAIMED');
  protected readonly canRelease = computed(
    () => this.specialistSide() && this.claimedByMe() && (this.consult()?.status === 'CLAIMED' || this.consult()?.status === 'IN_REVIEW'),
  );
  protected readonly canCancel = computed(() => {
    const consult = this.consult();
    return this.requestingSide() && !!consult && CANCELLABLE_STATUSES.includes(consult.status);
  });
  /**
   * The video call: for the requesting side and the claiming specialist while someone holds the case; anyone
   * else who follows an invitation link sees the call refuse them, with the reason.
   */
  protected readonly showCall = computed(() => {
    const status = this.consult()?.status;
    const callable = !!status && CALLABLE_STATUSES.includes(status);
    return callable && (this.requestingSide() || this.claimedByMe() || this.call() === 'join');
  });
  /** The specialist writes the report while reviewing; both sides see it once submitted or signed. */
  protected readonly showReport = computed(() => {
    const status = this.consult()?.status;
    return (this.claimedByMe() && status === 'IN_REVIEW') || status === 'REPORTED' || status === 'SIGNED' || status === 'AMENDED';
  });
  protected readonly history = computed(() => [...(this.consult()?.history ?? [])].reverse());

  protected readonly action = new PendingAction();
  private readonly lastAction = signal<ConsultAction | null>(null);
  protected readonly actionErrorText = computed(() => {
    const error = this.action.error();
    if (!(error instanceof ApiError)) return null;
    if (error.code === 'ALREADY_CLAIMED') return this.t('consult.alreadyClaimed');
    if (error.code === 'ILLEGAL_TRANSITION') {
      const from = error.extensions['from'];
      const action = this.lastAction();
      return typeof from === 'string' && action
        ? this.t('consult.illegal', { status: this.t(consultStatusLabel(from as ConsultStatus)), action: this.t(ACTION_LABELS[action]) })
        : this.t('error.ILLEGAL_TRANSITION');
    }
    return null;
  });

  // The live event carries the consult without its history: read it again for the timeline.
  private readonly live = liveConsults({
    changed: (changed) => {
      if (changed.id !== this.id()) return;
      this.consult.update((current) => (current ? { ...current, ...changed } : current));
      this.loaded.reload();
    },
    missed: () => this.loaded.reload(),
  });
  protected readonly liveState = this.live.state;

  constructor() {
  }

  /** The report panel submitted, signed or amended: show the consult as it now stands. */
  protected reportChanged(updated: ConsultWithHistory | null): void {
    if (updated) this.consult.set(updated);
    this.loaded.reload();
  }

  protected reload(): void {
    this.loaded.reload();
  }

  protected async run(action: ConsultAction): Promise<void> {
    const consult = this.consult();
    if (!consult) return;
    if (action === 'cancelConsult') {
      const confirmed = await this.confirm.ask({
        title: this.t('consult.cancelTitle'),
        body: this.t('consult.cancelBody'),
        confirmLabel: this.t('consult.cancelConfirm'),
        danger: true,
      });
      if (!confirmed) return;
    }
    this.lastAction.set(action);
    const updated = await this.action.run(() => this.api.act(action, consult.id));
    if (updated) {
      this.consult.set(updated);
      this.toasts.show({ key: `consult.done.${action}` });
    } else {
      // Someone else acted first (or the consult moved on): show where it stands now.
      this.loaded.reload();
    }
  }

  /** Who did it: you, their name when the API gives it, otherwise the requesting doctor, a specialist, or the system. */
  protected actorText(event: ConsultEvent): string {
    const consult = this.consult();
    if (event.actorUserId === null) return this.t('consult.actor.system');
    if (event.actorUserId === this.me()?.id) return this.t('consult.actor.you');
    if (event.actorName) return event.actorName;
    if (event.actorUserId === consult?.requestedBy) return this.t('consult.actor.requester');
    return this.t(SPECIALIST_EVENTS.has(event.event) ? 'consult.actor.specialist' : 'consult.actor.colleague');
  }

  protected eventText(event: ConsultEvent): string {
    const key = consultEventLabel(event.event);
    return key ? this.t(key) : event.event;
  }



  protected reconnect(): void {
    this.live.restart();
    this.loaded.reload();
  }
}
