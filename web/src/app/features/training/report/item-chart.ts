import { Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { percentText } from '../../../shared/percent-text';
import type { ItemStatistic } from '../training.models';

const ROW = 28;
const LABEL = 44;
const WIDTH = 600;

/**
 * Item statistics as horizontal bars (share answered correctly), hardest first. The SVG has the
 * numbers as text too, and a table beside it says the same for screen readers.
 */
@Component({
  selector: 'app-item-chart',
  template: `
    <svg class="chart" [attr.viewBox]="'0 0 ' + width + ' ' + height()" role="img" [attr.aria-label]="t('training.report.chartLabel')" data-testid="item-chart">
      @for (bar of bars(); track bar.item.questionId; let i = $index) {
        <g [attr.transform]="'translate(0,' + i * row + ')'" data-testid="item-bar" [attr.data-rate]="bar.item.correctRate">
          <text x="0" [attr.y]="row / 2 + 5" class="chart__label">Q{{ i + 1 }}</text>
          <rect [attr.x]="label" y="4" [attr.width]="plot" [attr.height]="row - 8" class="chart__track" />
          <rect [attr.x]="label" y="4" [attr.width]="bar.width" [attr.height]="row - 8" class="chart__bar" [class.chart__bar--hard]="bar.item.correctRate < 0.5" />
          <text [attr.x]="label + plot - 4" [attr.y]="row / 2 + 5" text-anchor="end" class="chart__value">{{ bar.value }}</text>
        </g>
      }
    </svg>
    <table class="table items" data-testid="item-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{{ t('training.report.question') }}</th>
          <th scope="col">{{ t('training.report.answered') }}</th>
          <th scope="col">{{ t('training.report.correctRate') }}</th>
        </tr>
      </thead>
      <tbody>
        @for (bar of bars(); track bar.item.questionId; let i = $index) {
          <tr data-testid="item-row">
            <td>Q{{ i + 1 }}</td>
            <td dir="auto">{{ bar.item.stem }}</td>
            <td>{{ i18n.number(bar.item.answered) }}</td>
            <td>{{ bar.value }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .chart { display: block; inline-size: 100%; max-inline-size: 40rem; block-size: auto; margin-block-end: 1rem; }
    .chart__label, .chart__value { font: 600 13px var(--font-en, sans-serif); fill: var(--text, #1f2933); }
    .chart__track { fill: var(--hover); }
    .chart__bar { fill: var(--accent); }
    .chart__bar--hard { fill: var(--danger); }
  `,
})
export class ItemChart {
  readonly items = input.required<readonly ItemStatistic[]>();
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly row = ROW;
  protected readonly label = LABEL;
  protected readonly width = WIDTH;
  protected readonly plot = WIDTH - LABEL;

  /** Hardest first (the server sends them so; sorted again so the chart never depends on it). */
  protected readonly bars = computed(() =>
    [...this.items()]
      .sort((a, b) => a.correctRate - b.correctRate)
      .map((item) => ({ item, width: Math.max(0, Math.min(1, item.correctRate)) * this.plot, value: percentText(item.correctRate, this.i18n.number) })),
  );
  protected readonly height = computed(() => Math.max(1, this.bars().length) * ROW);
}
