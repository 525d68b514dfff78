import { Component, inject, input, output, signal } from '@angular/core';
import { form, maxLength, required } from '@angular/forms/signals';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../../shared/forms';
import { submitWithServerErrors } from '../../../shared/forms/server-errors';
import { TrainingApi } from '../training.api';
import { lessonKindLabel } from '../training-labels';
import type { CourseModule } from '../training.models';
import { LessonForm } from './lesson-form';

/** The course's modules and their lessons, with "add module" and "add lesson". */
@Component({
  selector: 'app-modules-editor',
  imports: [ErrorBanner, FORM_IMPORTS, LessonForm],
  template: `
    <section class="card" data-testid="modules-editor">
      <h2 class="card__title">{{ t('training.editor.contents') }}</h2>
      @if (modules().length === 0) {
        <p class="muted" data-testid="modules-empty">{{ t('training.editor.noModules') }}</p>
      }
      @for (module of modules(); track module.id) {
        <div class="module" data-testid="module" [attr.data-title]="module.title">
          <h3 class="module__title" dir="auto">{{ module.position }}. {{ module.title }}</h3>
          <ol class="module__lessons">
            @for (lesson of module.lessons; track lesson.id) {
              <li data-testid="module-lesson"><span dir="auto">{{ lesson.title }}</span> <span class="badge">{{ t(kindLabel(lesson.kind)) }}</span></li>
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
  `,
})
export class ModulesEditor {
  readonly courseId = input.required<string>();
  readonly modules = input.required<readonly CourseModule[]>();
  /** Something was added: the page reads the course again. */
  readonly changed = output<void>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly kindLabel = lessonKindLabel;
  protected readonly addingTo = signal<string | null>(null);
  protected readonly moduleDraft = signal({ title: '' });
  protected readonly moduleForm = form(this.moduleDraft, (path) => {
    required(path.title);
    maxLength(path.title, 200);
  });
  protected readonly error = signal<unknown>(null);

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
