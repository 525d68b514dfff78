import { Component, computed, effect, inject, input, linkedSignal, type OnDestroy, output, resource, signal, untracked } from '@angular/core';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import { ApiError } from '../../core/graphql/api-error';
import { form, maxLength, required, schema, submit } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages/en';
import type { ConsultWithHistory } from '../../core/models/consult';
import {
  type AddedLesion,
  type Agreement,
  AGREEMENTS,
  CATEGORY_SYSTEMS,
  CATEGORY_VALUES,
  type ConsultReport,
  FOLLOW_UP_MONTHS,
  RECOMMENDATIONS,
  type SaveReportInput,
} from '../../core/models/consult-report';
import type { StudyImage } from '../../core/models/study';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { PendingAction } from '../../shared/pending-action';
import { Serial } from '../../shared/serial';
import { Toasts } from '../../shared/toast/toasts.service';
import { clearBackup, readBackup, writeBackup } from './draft-backup';
import {
  backupConflicts,
  choicesOf,
  contentKey,
  currentDraft,
  draftFromInput,
  type LesionChoice,
  needsFollowUp,
  replaceVersion,
  type ReportDraft,
  toDraft,
  toSaveInput,
  withVersion,
} from './report-draft';
import { ReportsApi } from './reports.api';
import { type ReportLesion, SignedReport } from './signed-report';

const reportSchema = schema<ReportDraft>((path) => {
  maxLength(path.findings, 10000);
  required(path.impression);
  maxLength(path.impression, 5000);
  required(path.recommendation);
  required(path.followUpMonths, { when: ({ valueOf }) => needsFollowUp(valueOf(path.recommendation)) });
});

/**
 * The consult's structured report. The specialist who claimed it writes it (a choice per AI lesion, their own
 * category, findings, impression, recommendation), saves drafts (also when a field loses focus), submits it,
 * then signs it (final), and may amend a signed report as a new version. Both sides see the signed versions.
 */
@Component({
  selector: 'app-consult-report',
  imports: [ErrorBanner, FORM_IMPORTS, SignedReport],
  templateUrl: './consult-report.html',
  styleUrl: './consult-report.css',
})
export class ConsultReportPanel implements OnDestroy {
  readonly consult = input.required<ConsultWithHistory>();
  readonly images = input<StudyImage[]>([]);
  /** The viewer is the specialist who claimed it. */
  readonly author = input(false);
  /** The consult after submitting, signing or amending. */
  readonly changed = output<ConsultWithHistory | null>();

  private readonly api = inject(ReportsApi);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly recommendations = RECOMMENDATIONS;
  protected readonly agreements = AGREEMENTS;
  protected readonly systems = CATEGORY_SYSTEMS;
  protected readonly months = FOLLOW_UP_MONTHS;
  protected readonly recommendationKey = (value: string) => `report.recommendation.${value}` as MessageKey;
  protected readonly agreementKey = (value: string) => `report.agreement.${value}` as MessageKey;
  protected readonly percent = (probability: number) => this.i18n.number(Math.round(probability * 100));

  /** Read again whenever the consult's status changes (a signature, an amendment). */
  private readonly loaded = resource({
    params: () => ({ id: this.consult().id, status: this.consult().status }),
    loader: ({ params, abortSignal }) => this.api.versions(params.id, abortSignal),
  });
  /** Every version, oldest first, as last read or saved; kept while reading again. */
  protected readonly versions = linkedSignal<ConsultReport[] | null, ConsultReport[] | null>({
    source: () => (this.loaded.hasValue() ? this.loaded.value() : null),
    computation: (next, previous) => next ?? previous?.value ?? null,
  });
  protected readonly loadError = this.loaded.error;

  protected readonly draftReport = computed(() => currentDraft(this.versions()));
  protected readonly signed = computed(() => (this.versions() ?? []).filter((v) => v.status === 'SIGNED').reverse());
  protected readonly latestSigned = computed(() => this.signed()[0] ?? null);
  protected readonly earlier = computed(() => this.signed().slice(1));
  protected readonly shown = signal<string | null>(null);
  /** The signed version on screen: the latest unless an earlier one was picked. */
  protected readonly shownReport = computed(() => this.signed().find((v) => v.id === this.shown()) ?? this.latestSigned());

  private readonly status = computed(() => this.consult().status);
  protected readonly editable = computed(() => this.author() && (this.status() === 'IN_REVIEW' || this.status() === 'AMENDED'));
  protected readonly canSubmit = computed(() => this.author() && this.status() === 'IN_REVIEW');
  protected readonly canSign = computed(() => this.author() && (this.status() === 'REPORTED' || this.status() === 'AMENDED'));
  protected readonly canAmend = computed(() => this.author() && this.status() === 'SIGNED');

  protected readonly lesions = computed<ReportLesion[]>(() => {
    let n = 0;
    return this.images().flatMap((image) =>
      image.preRead?.status === 'DONE'
        ? [...image.preRead.lesions].sort((a, b) => a.index - b.index).map((lesion) => ({ id: lesion.id, n: ++n, image: image.fileName ?? this.t('study.unnamed'), probability: lesion.probability }))
        : [],
    );
  });

  /**
   * The form starts from the draft on the server; it is set again only when another version is edited (not when
   * a save answers: local edits made meanwhile are newer than the answer, and the first save must not reset them).
   */
  private readonly draftKey = computed(() => {
    if (!this.versions()) return 'loading';
    return `v${this.draftReport()?.version ?? (this.latestSigned()?.version ?? 0) + 1}:${this.resets()}`;
  });
  /** Bumped to load the server's draft into the form on purpose (taking the saved version in a conflict). */
  private readonly resets = signal(0);
  protected readonly draft = linkedSignal<string, ReportDraft>({
    source: this.draftKey,
    // Untracked: only the key resets the form, not each save's answer (which may be older than the form).
    computation: () => untracked(() => toDraft(this.draftReport() ?? this.latestSigned(), this.consult().region)),
  });
  protected readonly form = form(this.draft, reportSchema);
  protected readonly choices = linkedSignal<string, Record<string, LesionChoice>>({
    source: this.draftKey,
    computation: () =>
      untracked(() => {
        return choicesOf((this.draftReport() ?? this.latestSigned())?.lesionAssessments ?? []);
      }),
  });
  /** Lesions the AI missed, as the specialist marks them (saved with the draft, numbered after the AI's). */
  protected readonly added = linkedSignal<string, AddedLesion[]>({
    source: this.draftKey,
    computation: () => untracked(() => (this.draftReport() ?? this.latestSigned())?.addedLesions ?? []),
  });
  protected readonly markableImages = computed(() => this.images().map((image, i) => ({ id: image.id, name: image.fileName ?? `#${i + 1}` })));
  protected readonly imageNames = computed(() => Object.fromEntries(this.markableImages().map((i) => [i.id, i.name])));
  protected readonly addedCategories = computed(() => CATEGORY_VALUES[this.draft().categorySystem || (this.consult().region === 'THYROID' ? 'TI-RADS' : 'BI-RADS')]);
  protected readonly categoryValues = computed(() => {
    const system = this.draft().categorySystem;
    return system ? CATEGORY_VALUES[system] : [];
  });
  protected readonly followUp = computed(() => needsFollowUp(this.draft().recommendation));

  protected readonly action = new PendingAction();
  protected readonly savedAt = signal<string | null>(null);
  protected readonly autosaving = signal(false);
  private lastSaved: string | null = null;
  private readonly saves = new Serial();
  /** A save was refused because the draft changed elsewhere: the saved version, to compare with ours. */
  protected readonly conflict = signal<ConsultReport | null>(null);
  /** The preview being looked at before signing: its PDF (object URL) and content hash. */
  protected readonly preview = signal<{ url: string; safeUrl: SafeResourceUrl; hash: string } | null>(null);
  private readonly sanitizer = inject(DomSanitizer);
  protected readonly password = signal('');
  /** The draft version whose unsaved edits were looked for after loading. */
  private restoredFor: string | null = null;

  constructor() {
    // Once per draft version: edits left unsaved by a reload are restored, and saved or shown as a conflict.
    effect(() => {
      const key = this.draftKey();
      if (key === 'loading' || !this.editable() || this.restoredFor === key) return;
      this.restoredFor = key;
      untracked(() => {
        // The form now shows the server's draft (or the empty start): nothing of it is unsaved.
        this.lastSaved = contentKey(this.input());
        this.restoreBackup();
      });
    });
    // Every local change is kept in the tab until the server has it.
    effect(() => {
      if (this.draftKey() === 'loading' || !this.editable()) return;
      const input = this.input();
      if (contentKey(input) !== this.lastSaved || this.conflict()) writeBackup(input);
    });
  }

  private restoreBackup(): void {
    const backup = readBackup(this.consult().id);
    if (!backup) return;
    const server = this.draftReport();
    this.applyInput(backup);
    if (backupConflicts(backup, server)) this.conflict.set(server);
    else void this.autosave();
  }

  /** Puts saved-input values back into the form (a backup, or ours in a conflict). */
  private applyInput(input: SaveReportInput): void {
    this.draft.set(draftFromInput(input, this.draft()));
    this.choices.set(choicesOf(input.lesionAssessments));
    this.added.set(input.addedLesions ?? []);
  }

  protected choiceOf(lesionId: string): LesionChoice | undefined {
    return this.choices()[lesionId];
  }

  protected choose(lesionId: string, agreement: Agreement): void {
    this.choices.update((all) => ({ ...all, [lesionId]: { note: all[lesionId]?.note ?? '', agreement } }));
    // Each choice is saved at once (in order, after any save in flight).
    void this.autosave();
  }

  protected note(lesionId: string, event: Event): void {
    const note = (event.target as HTMLInputElement).value;
    this.choices.update((all) => ({ ...all, [lesionId]: { agreement: all[lesionId]?.agreement ?? null, note } }));
  }

  protected addLesion(): void {
    const image = this.images()[0];
    if (!image) return;
    const width = Math.round(image.width / 5);
    const height = Math.round(image.height / 5);
    this.added.update((all) => [
      ...all,
      { id: crypto.randomUUID(), imageId: image.id, x: Math.round((image.width - width) / 2), y: Math.round((image.height - height) / 2), width, height, category: this.addedCategories()[0], note: null },
    ]);
  }

  protected updateAdded(id: string, field: 'imageId' | 'x' | 'y' | 'width' | 'height' | 'category' | 'note', event: Event): void {
    const raw = (event.target as HTMLInputElement | HTMLSelectElement).value;
    const value = field === 'imageId' || field === 'category' ? raw : field === 'note' ? raw.trim() || null : Math.max(field === 'width' || field === 'height' ? 1 : 0, Number(raw) || 0);
    this.added.update((all) => all.map((l) => (l.id === id ? { ...l, [field]: value } : l)));
  }

  protected removeAdded(id: string): void {
    this.added.update((all) => all.filter((l) => l.id !== id));
    void this.autosave();
  }

  protected imageName(imageId: string): string {
    return this.markableImages().find((i) => i.id === imageId)?.name ?? '';
  }

  protected systemChanged(): void {
    // The value belongs to a system: another system starts without one.
    this.draft.update((d) => ({ ...d, categoryValue: '' }));
  }

  private input(): SaveReportInput {
    return toSaveInput({
      consultId: this.consult().id,
      baseRevision: this.draftReport()?.revision ?? 0,
      draft: this.draft(),
      choices: this.choices(),
      lesionIds: new Set(this.lesions().map((l) => l.id)),
      added: this.added(),
    });
  }

  /**
   * Saves the draft when it changed since the last save; one save at a time, each from the revision the last
   * answer gave, and built from the form as it is when it is sent (never from an older snapshot). A refusal
   * (the draft changed elsewhere) keeps the form as typed and shows both versions.
   */
  private persist(): Promise<ConsultReport | null> {
    return this.saves.run(async () => {
      if (this.conflict()) return null;
      const input = this.input();
      const json = contentKey(input);
      if (json === this.lastSaved && this.draftReport()) return this.draftReport();
      let saved: ConsultReport;
      try {
        saved = await this.api.save(input);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          this.conflict.set((await this.api.versions(this.consult().id)).find((v) => v.status === 'DRAFT') ?? null);
        }
        throw error;
      }
      this.lastSaved = json;
      // Nothing typed meanwhile: the server has everything.
      if (contentKey(this.input()) === json) clearBackup(input.consultId);
      this.versions.update((all) => withVersion(all, saved));
      this.savedAt.set(saved.updatedAt);
      return saved;
    });
  }

  /** Autosave: a field lost focus. Failures show on the next explicit save. */
  protected async autosave(): Promise<void> {
    if (!this.editable() || this.action.busy() || !this.versions()) return;
    this.autosaving.set(true);
    try {
      await this.persist();
    } catch {
      /* shown when saving by hand */
    } finally {
      this.autosaving.set(false);
    }
  }

  protected async saveDraft(): Promise<void> {
    const saved = await this.action.run(() => this.persist());
    if (saved) this.toasts.show({ key: 'report.saved' });
  }

  protected async submitReport(event: Event): Promise<void> {
    event.preventDefault();
    // Not while two versions wait for the specialist's choice.
    if (this.conflict()) return;
    await submit(this.form, async () => {
      const updated = await this.action.run(async () => {
        await this.persist();
        return this.api.submit(this.consult().id);
      });
      if (updated) {
        clearBackup(updated.id);
        this.toasts.show({ key: 'report.submitted' });
        this.changed.emit(updated);
      }
      return undefined;
    });
  }

  /** Step one of signing: the PDF that would be signed, rendered by the API and shown in the page. */
  protected async sign(): Promise<void> {
    if (this.conflict()) return;
    if (this.status() === 'AMENDED') {
      // The amended draft must be complete too: submit() marks every field and runs only when valid.
      let complete = false;
      await submit(this.form, async () => {
        complete = true;
        return undefined;
      });
      if (!complete) return;
    }
    const shown = await this.action.run(async () => {
      if (this.status() === 'AMENDED') await this.persist();
      const previewed = await this.api.preview(this.consult().id);
      this.versions.update((all) => replaceVersion(all, previewed));
      const url = URL.createObjectURL(await this.api.previewPdf(previewed.id));
      // An object URL of the API's own PDF, made here: safe to frame.
      return { url, safeUrl: this.sanitizer.bypassSecurityTrustResourceUrl(url), hash: previewed.previewContentHash! };
    });
    if (shown) {
      this.closePreview();
      this.password.set('');
      this.preview.set(shown);
    }
  }

  /** Step two: the password again, and the hash of the preview on screen, which is what gets signed. */
  protected async confirmSign(event: Event): Promise<void> {
    event.preventDefault();
    const preview = this.preview();
    if (!preview) return;
    const signed = await this.action.run(() => this.api.sign(this.consult().id, this.password(), preview.hash));
    if (signed) {
      clearBackup(this.consult().id);
      this.closePreview();
      this.shown.set(null);
      this.toasts.show({ key: 'report.signedToast' });
      this.changed.emit(null);
    }
  }

  protected closePreview(): void {
    const preview = this.preview();
    if (preview) URL.revokeObjectURL(preview.url);
    this.preview.set(null);
    this.password.set('');
  }

  /** Conflict: keep the form as typed and save it over the saved version. */
  protected async keepMine(): Promise<void> {
    const theirs = this.conflict();
    if (!theirs) return;
    this.versions.update((all) => replaceVersion(all, theirs));
    this.conflict.set(null);
    this.lastSaved = null;
    await this.action.run(() => this.persist());
  }

  /** Conflict: drop the local edits and load the saved version. */
  protected takeTheirs(): void {
    const theirs = this.conflict();
    if (!theirs) return;
    this.versions.update((all) => replaceVersion(all, theirs));
    this.conflict.set(null);
    this.lastSaved = null;
    clearBackup(this.consult().id);
    this.resets.update((n) => n + 1);
  }

  ngOnDestroy(): void {
    this.closePreview();
  }

  protected async amend(): Promise<void> {
    const confirmed = await this.confirm.ask({
      title: this.t('report.amendTitle'),
      body: this.t('report.amendBody'),
      confirmLabel: this.t('report.amendConfirm'),
    });
    if (!confirmed) return;
    const draft = await this.action.run(() => this.api.amend(this.consult().id));
    if (draft) {
      this.versions.update((all) => [...(all ?? []), draft]);
      this.toasts.show({ key: 'report.amended' });
      this.changed.emit(null);
    }
  }

  protected reload(): void {
    this.loaded.reload();
  }
}
