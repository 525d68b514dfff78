import { Component, inject, input, output, signal } from '@angular/core';
import { form, maxLength, required } from '@angular/forms/signals';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../../shared/forms';
import { submitWithServerErrors } from '../../../shared/forms/server-errors';
import { TrainingApi } from '../training.api';
import { lessonKindLabel } from '../training-labels';
import { Confirm } from '../../../shared/confirm/confirm.service';
import { PendingAction } from '../../../shared/pending-action';
import type { CourseModule, Lesson } from '../training.models';
import { moved } from './move';
import { LessonForm } from './lesson-form';

/** The course's modules and their lessons: add, rename or edit, delete, and move up or down (no dragging: phones too). */
@Component({
  selector: 'app-modules-editor',
  imports: [ErrorBanner, FORM_IMPORTS, LessonForm],
  template: `
    <section class="card" data-testid="modules-editor">
      <h2 class="card__title">{{ t('training.editor.contents') }}</h2>
      @if (modules().length === 0) {
        <p class="muted" data-testid="modules-empty">{{ t('training.editor.noModules') }}</p>
      }
      @if (action.error(); as error) {
        <app-error-banner [error]="error" />
      }
      @for (module of modules(); track module.id; let mi = $index, lastModule = $last) {
        <div class="module" data-testid="module" [attr.data-title]="module.title">
          @if (renaming() === module.id) {
            <form class="module-rename" novalidate (submit)="renameTo($event, module, title.value)">
              <label class="visually-hidden" [for]="'module-rename-' + module.id">{{ t('training.field.moduleTitle') }}</label>
              <input [id]="'module-rename-' + module.id" type="text" dir="auto" maxlength="200" [value]="module.title" #title data-testid="module-rename-input" />
              <button type="submit" class="button button--small button--primary" [disabled]="action.busy()" data-testid="module-rename-save">{{ t('common.save') }}</button>
              <button type="button" class="button button--small button--ghost" (click)="renaming.set(null)">{{ t('common.cancel') }}</button>
            </form>
          } @else {
            <div class="item-row">
              <h3 class="module__title" dir="auto">{{ module.position }}. {{ module.title }}</h3>
              <span class="item-row__actions">
                <button type="button" class="icon-button" [disabled]="action.busy() || mi === 0" (click)="moveModule(mi, -1)" [attr.aria-label]="t('training.editor.moveUp', { title: module.title })" data-testid="module-up">↑</button>
                <button type="button" class="icon-button" [disabled]="action.busy() || lastModule" (click)="moveModule(mi, 1)" [attr.aria-label]="t('training.editor.moveDown', { title: module.title })" data-testid="module-down">↓</button>
                <button type="button" class="button button--small button--ghost" (click)="renaming.set(module.id)" data-testid="module-rename">{{ t('training.editor.rename') }}</button>
                <button type="button" class="button button--small button--ghost button--danger" [disabled]="action.busy()" (click)="deleteModule(module)" data-testid="module-delete">{{ t('training.editor.delete') }}</button>
              </span>
            </div>
          }
          <ol class="module__lessons">
            @for (lesson of module.lessons; track lesson.id; let li = $index, lastLesson = $last) {
              <li data-testid="module-lesson" [attr.data-title]="lesson.title">
                @if (editingLesson() === lesson.id) {
                  <app-lesson-form [moduleId]="module.id" [lesson]="lesson" (added)="lessonSaved()" (closed)="editingLesson.set(null)" />
                } @else {
                  <div class="item-row">
                    <span><span dir="auto" data-testid="lesson-title">{{ lesson.title }}</span> <span class="badge">{{ t(kindLabel(lesson.kind)) }}</span></span>
                    <span class="item-row__actions">
                      <button type="button" class="icon-button" [disabled]="action.busy() || li === 0" (click)="moveLesson(module, li, -1)" [attr.aria-label]="t('training.editor.moveUp', { title: lesson.title })" data-testid="lesson-up">↑</button>
                      <button type="button" class="icon-button" [disabled]="action.busy() || lastLesson" (click)="moveLesson(module, li, 1)" [attr.aria-label]="t('training.editor.moveDown', { title: lesson.title })" data-testid="lesson-down">↓</button>
                      <button type="button" class="button button--small button--ghost" (click)="editingLesson.set(lesson.id)" data-testid="lesson-edit">{{ t('training.editor.edit') }}</button>
                      <button type="button" class="button button--small button--ghost button--danger" [disabled]="action.busy()" (click)="deleteLesson(lesson)" data-testid="lesson-delete">{{ t('training.editor.delete') }}</button>
                    </span>
                  </div>
                }
              </li>
            } @empty {
              <li class="muted">{{ t('training.editor.noLessons') }}</li>
            }
          </ol>
          @if (addingTo() === module.id) {
            <app-lesson-form [moduleId]="module.id" (added)="lessonAdded()" (closed)="addingTo.set(null)" />
          } @else {
            <button type="button" class="button button--small" (click)="addingTo.set(module.id)" data-testid="lesson-add">{{ t('training.editor.addLesson') }}</button>
          }
        </div>
      }
      <form class="module-form" novalidate (submit)="addModule($event)" data-testid="module-form">
        @if (error(); as error) {
          <app-error-banner [error]="error" />
        }
        <app-field [field]="moduleForm.title" controlId="module-title" [label]="t('training.field.moduleTitle')">
          <input id="module-title" type="text" dir="auto" [formField]="moduleForm.title" data-testid="module-title-input" />
        </app-field>
        <button type="submit" class="button" [disabled]="moduleForm().submitting()" data-testid="module-save">{{ t('training.editor.addModule') }}</button>
      </form>
    </section>
  `,
  styles: `
    .module { padding-block: 0.5rem; border-block-end: 1px solid var(--border); }
    .module__title { font-size: 1rem; margin: 0 0 0.3rem; }
    .module__lessons { margin: 0 0 0.5rem; padding-inline-start: 1.5rem; }
    .module-form { display: flex; align-items: flex-end; gap: 0.75rem; margin-block-start: 1rem; flex-wrap: wrap; }
    .module-form app-field { flex: 1; min-inline-size: 14rem; }
    .item-row { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; flex-wrap: wrap; padding-block: 0.15rem; }
    .item-row__actions { display: inline-flex; gap: 0.25rem; flex-wrap: wrap; }
    .item-row__actions .icon-button { min-inline-size: 2.25rem; min-block-size: 2.25rem; }
    .module-rename { display: flex; gap: 0.4rem; flex-wrap: wrap; align-items: center; }
    .module-rename input { flex: 1; min-inline-size: 12rem; }
  `,
})
export class ModulesEditor {
  readonly courseId = input.required<string>();
  readonly modules = input.required<readonly CourseModule[]>();
  /** Something was added: the page reads the course again. */
  readonly changed = output<void>();

  private readonly api = inject(TrainingApi);
  private readonly confirm = inject(Confirm);
  protected readonly t = inject(I18n).t;
  protected readonly kindLabel = lessonKindLabel;
  protected readonly addingTo = signal<string | null>(null);
  protected readonly moduleDraft = signal({ title: '' });
  protected readonly moduleForm = form(this.moduleDraft, (path) => {
    required(path.title);
    maxLength(path.title, 200);
  });
  protected readonly error = signal<unknown>(null);

  protected readonly renaming = signal<string | null>(null);
  protected readonly editingLesson = signal<string | null>(null);
  protected readonly action = new PendingAction();

  protected async moveModule(index: number, step: -1 | 1): Promise<void> {
    const order = moved(this.modules().map((m) => m.id), index, step);
    if (order) await this.changeWith(() => this.api.reorderModules(this.courseId(), order));
  }

  protected async moveLesson(module: CourseModule, index: number, step: -1 | 1): Promise<void> {
    const order = moved(module.lessons.map((l) => l.id), index, step);
    if (order) await this.changeWith(() => this.api.reorderLessons(module.id, order));
  }

  protected async renameTo(event: Event, module: CourseModule, title: string): Promise<void> {
    event.preventDefault();
    if (!title.trim() || title.trim() === module.title) return this.renaming.set(null);
    if (await this.changeWith(() => this.api.updateModule(module.id, title.trim()))) this.renaming.set(null);
  }

  protected async deleteModule(module: CourseModule): Promise<void> {
    const confirmed = await this.confirm.ask({
      title: this.t('training.editor.deleteModuleTitle', { title: module.title }),
      body: this.t('training.editor.deleteModuleBody', { n: module.lessons.length }),
      confirmLabel: this.t('training.editor.delete'),
      danger: true,
    });
    if (confirmed) await this.changeWith(() => this.api.deleteModule(module.id));
  }

  protected async deleteLesson(lesson: Lesson): Promise<void> {
    const confirmed = await this.confirm.ask({
      title: this.t('training.editor.deleteLessonTitle', { title: lesson.title }),
      body: this.t('training.editor.deleteLessonBody'),
      confirmLabel: this.t('training.editor.delete'),
      danger: true,
    });
    if (confirmed) await this.changeWith(() => this.api.deleteLesson(lesson.id));
  }

  protected lessonSaved(): void {
    this.editingLesson.set(null);
    this.changed.emit();
  }

  /** Runs one change; the page reads the course again after it (and after a CONFLICT, to show the current order). */
  private async changeWith(work: () => Promise<void>): Promise<boolean> {
    await this.action.run(work);
    this.changed.emit();
    return !this.action.error();
  }

  protected lessonAdded(): void {
    this.addingTo.set(null);
    this.changed.emit();
  }

  protected async addModule(event: Event): Promise<void> {
    event.preventDefault();
    await submitWithServerErrors(this.moduleForm, this.error, {}, async () => {
      const module = await this.api.addModule(this.courseId(), this.moduleDraft().title.trim());
      this.moduleDraft.set({ title: '' });
      this.moduleForm().reset();
      this.addingTo.set(module.id);
      this.changed.emit();
    });
  }
}
