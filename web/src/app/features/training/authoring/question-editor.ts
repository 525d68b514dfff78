import { Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import type { MessageKey } from '../../../core/i18n/messages/en';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { TeachingCasePicker } from '../teaching-cases/teaching-case-picker';
import { TrainingApi } from '../training.api';
import { questionKindLabel } from '../training-labels';
import { hasImage, isOptionKind, isSingleChoice, type Question, QUESTION_KINDS, type QuestionInput, type QuestionKey, type QuestionKind } from '../training.models';
import { LesionBoxDrawer } from './lesion-box-drawer';

interface QuestionDraft {
  kind: QuestionKind;
  stem: string;
  options: string[];
  correct: number[];
  imageUrl: string;
  box: (number | null)[];
  explanation: string;
}

const EMPTY: QuestionDraft = { kind: 'SINGLE', stem: '', options: ['', ''], correct: [], imageUrl: '', box: [null, null, null, null], explanation: '' };
/** The form's draft of a stored question and its key (editing), or an empty one. */
function toDraft(question: Question | null, key: QuestionKey | null): QuestionDraft {
  if (!question) return structuredClone(EMPTY);
  return {
    kind: question.kind,
    stem: question.stem,
    options: question.options.length ? [...question.options] : ['', ''],
    correct: [...(key?.correctOptions ?? [])],
    imageUrl: question.imageUrl ?? '',
    box: key?.lesionBox ? [...key.lesionBox] : [null, null, null, null],
    explanation: key?.explanation ?? '',
  };
}

const BOX_LABELS: MessageKey[] = ['training.question.x0', 'training.question.y0', 'training.question.x1', 'training.question.y1'];

/** What is missing before the question can be stored (the server checks the same). */
function problems(d: QuestionDraft): MessageKey[] {
  const found: MessageKey[] = [];
  if (d.stem.trim().length < 3) found.push('training.question.needStem');
  if (isOptionKind(d.kind)) {
    if (d.options.filter((o) => o.trim()).length < 2 || d.options.some((o) => !o.trim())) found.push('training.question.needOptions');
    if (d.correct.length === 0) found.push('training.question.needCorrect');
  } else {
    const [x0, y0, x1, y1] = d.box;
    if (!d.imageUrl.trim()) found.push('training.question.needImage');
    if ([x0, y0, x1, y1].some((v) => v === null || v < 0) || x1! <= x0! || y1! <= y0!) found.push('training.question.needBox');
  }
  if (hasImage(d.kind) && isOptionKind(d.kind) && !d.imageUrl.trim()) found.push('training.question.needImage');
  return found;
}

/**
 * Adds a question to the course's bank, or edits one (which stores its next version: attempts keep theirs):
 * options with the correct ones marked, or a lesion box drawn on the picture.
 */
@Component({
  selector: 'app-question-editor',
  imports: [ErrorBanner, LesionBoxDrawer, TeachingCasePicker],
  templateUrl: './question-editor.html',
  styleUrl: './question-editor.css',
})
export class QuestionEditor {
  readonly courseId = input.required<string>();
  /** Set: edits this question (with its key) instead of adding one. */
  readonly question = input<Question | null>(null);
  readonly questionKey = input<QuestionKey | null>(null);
  /** The question as stored (new, or the new version). */
  readonly added = output<Question>();
  readonly closed = output<void>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly kinds = QUESTION_KINDS;
  protected readonly kindLabel = questionKindLabel;
  protected readonly boxLabels = BOX_LABELS;
  protected readonly draft = linkedSignal(() => toDraft(this.question(), this.questionKey()));
  protected readonly tried = signal(false);
  protected readonly problems = computed(() => problems(this.draft()));
  protected readonly optionKind = computed(() => isOptionKind(this.draft().kind));
  protected readonly single = computed(() => isSingleChoice(this.draft().kind));
  protected readonly needsImage = computed(() => hasImage(this.draft().kind));
  protected readonly saving = new PendingAction();

  /** Element ids of this form: the new-question form and an edited question's form can be on the page together. */
  protected get prefix(): string {
    const editing = this.question();
    return editing ? `question-${editing.id}` : 'question';
  }

  protected patch(change: Partial<QuestionDraft>): void {
    this.draft.update((d) => ({ ...d, ...change }));
  }

  protected setKind(kind: QuestionKind): void {
    this.draft.update((d) => ({ ...d, kind, correct: isSingleChoice(kind) ? d.correct.slice(0, 1) : d.correct }));
  }

  protected setOption(index: number, text: string): void {
    this.draft.update((d) => ({ ...d, options: d.options.map((o, i) => (i === index ? text : o)) }));
  }

  protected addOption(): void {
    this.draft.update((d) => ({ ...d, options: [...d.options, ''] }));
  }

  protected removeOption(index: number): void {
    this.draft.update((d) => ({
      ...d,
      options: d.options.filter((_, i) => i !== index),
      correct: d.correct.filter((c) => c !== index).map((c) => (c > index ? c - 1 : c)),
    }));
  }

  protected setCorrect(index: number, checked: boolean): void {
    this.draft.update((d) => ({
      ...d,
      correct: this.single() ? [index] : checked ? [...new Set([...d.correct, index])].sort((a, b) => a - b) : d.correct.filter((c) => c !== index),
    }));
  }

  protected setBoxValue(index: number, value: string): void {
    const number = value === '' ? null : Number(value);
    this.draft.update((d) => ({ ...d, box: d.box.map((v, i) => (i === index ? (Number.isFinite(number) ? number : null) : v)) }));
  }

  protected drawn(box: number[]): void {
    this.patch({ box });
  }

  protected boxOrNull(): number[] | null {
    const box = this.draft().box;
    return box.every((v) => v !== null) ? (box as number[]) : null;
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    this.tried.set(true);
    if (this.problems().length) return;
    const d = this.draft();
    const input: Omit<QuestionInput, 'courseId'> = {
      kind: d.kind,
      stem: d.stem.trim(),
      options: this.optionKind() ? d.options.map((o) => o.trim()) : [],
      correctOptions: this.optionKind() ? d.correct : [],
      lesionBox: this.optionKind() ? null : (d.box as number[]),
      imageUrl: d.imageUrl.trim() || null,
      explanation: d.explanation.trim() || null,
    };
    const editing = this.question();
    const question = await this.saving.run(() => (editing ? this.api.updateQuestion(editing.id, input) : this.api.addQuestion({ courseId: this.courseId(), ...input })));
    if (!question) return;
    this.draft.set(structuredClone(EMPTY));
    this.tried.set(false);
    this.added.emit(question);
  }
}
