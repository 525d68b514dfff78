import { Component, inject, input } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';

/** A file's lines that the server refused, each with its reason (an enrolment CSV, a question bank file). */
@Component({
  selector: 'app-line-errors-table',
  template: `
    @if (errors().length) {
      <div class="table-wrap">
        <table class="table" [attr.data-testid]="testId()">
          <caption class="visually-hidden">{{ t('training.lines.caption') }}</caption>
          <thead>
            <tr>
              <th scope="col">{{ t('training.lines.line') }}</th>
              <th scope="col">{{ t('training.lines.reason') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (e of errors(); track $index) {
              <tr [attr.data-testid]="testId() + '-line'" [attr.data-line]="e.line">
                <td>{{ e.line }}</td>
                <!-- The server's reasons are English. -->
                <td lang="en" dir="ltr">{{ e.message }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
})
export class LineErrorsTable {
  readonly errors = input.required<ReadonlyArray<{ line: number; message: string }>>();
  /** Names the table for tests; each row is `<testId>-line`. */
  readonly testId = input.required<string>();
  protected readonly t = inject(I18n).t;
}
