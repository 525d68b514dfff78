import { afterNextRender, Component, DestroyRef, effect, ElementRef, inject, input, viewChild } from '@angular/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, type ECharts, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the app draws, so the bundle carries no more of ECharts than that.
use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

/**
 * An Apache ECharts chart (SVG renderer: text in every script is the browser's own, and small) drawn from
 * `option`; it resizes with its box (phones) and is disposed with the component. Callers mirror it for
 * right-to-left themselves (`inverse` category axis, value axis on the right).
 */
@Component({
  selector: 'app-echart',
  template: `<div #box class="echart" role="img" [attr.aria-label]="label()" [attr.data-testid]="testId()"></div>`,
  styles: `.echart { width: 100%; height: 260px; }`,
})
export class EChart {
  readonly option = input.required<EChartsCoreOption>();
  readonly label = input('');
  readonly testId = input('chart');
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
      this.chart.setOption(this.option(), true);
    });
    // Read the option first, so the effect tracks it even before the chart exists.
    effect(() => {
      const option = this.option();
      this.chart?.setOption(option, true);
    });
  }
}
