import { Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { I18n } from '../../../core/i18n/i18n.service';
import { ListState } from '../../../shared/list-state/list-state';
import { ProgressBar } from '../progress-bar';
import { TrainingApi } from '../training.api';

/**
 * The course catalogue: trainees see published courses (with their progress where enrolled); trainers
 * see every course with authoring and the report; administrators enrol people.
 */
@Component({
  selector: 'app-catalogue-page',
  imports: [RouterLink, ListState, ProgressBar],
  templateUrl: './catalogue-page.html',
  styleUrl: './catalogue-page.css',
})
export class CataloguePage {
  private readonly api = inject(TrainingApi);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly isTrainer = computed(() => this.auth.hasRole('TRAINER'));
  // Admins by CSV; trainers one person at a time (and CSV for their own institution).
  protected readonly canEnrol = computed(() => this.auth.hasRole('ADMIN') || this.auth.hasRole('TRAINER'));

  protected readonly courses = resource({ loader: ({ abortSignal }) => this.api.courses(abortSignal) });
  protected readonly rows = computed(() =>
    (this.courses.hasValue() ? this.courses.value() : []).slice().sort((a, b) => Number(!!b.myProgress) - Number(!!a.myProgress) || a.title.localeCompare(b.title)),
  );
}
