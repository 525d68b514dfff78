import { afterNextRender, Component, DestroyRef, effect, ElementRef, inject, input, viewChild } from '@angular/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface MonthSeries {
  months: readonly string[];
  series: ReadonlyArray<{ name: string; values: readonly number[] }>;
}

/**
 * Bars per month with Apache ECharts (SVG renderer: sharp text in every script, and small). Right to left
 * (Uyghur) the months run from the right and the value axis sits on the right. Resizes with its box (phones).
 */
@Component({
  selector: 'app-months-chart',
  template: `<div #box class="months-chart" role="img" [attr.aria-label]="label()" data-testid="months-chart"></div>`,
  styles: `.months-chart { width: 100%; height: 260px; }`,
})
export class MonthsChart {
  readonly data = input.required<MonthSeries>();
  readonly rtl = input(false);
  readonly label = input('');
  private readonly box = viewChild.required<ElementRef<HTMLDivElement>>('box');
  private chart: ECharts | null = null;

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      this.chart = init(this.box().nativeElement, null, { renderer: 'svg' });
      const observer = new ResizeObserver(() => this.chart?.resize());
      observer.observe(this.box().nativeElement);
      destroyRef.onDestroy(() => {
        observer.disconnect();
        this.chart?.dispose();
      });
      this.draw();
    });
    effect(() => this.draw());
  }

  private draw(): void {
    const { months, series } = this.data();
    const rtl = this.rtl();
    this.chart?.setOption(
      {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, [rtl ? 'right' : 'left']: 0 },
        grid: { top: 32, bottom: 24, left: 8, right: 8, containLabel: true },
        xAxis: { type: 'category', data: [...months], inverse: rtl },
        yAxis: { type: 'value', position: rtl ? 'right' : 'left', minInterval: 1 },
        series: series.map((s) => ({ type: 'bar', name: s.name, data: [...s.values] })),
      },
      true,
    );
  }
}
