import type { EChartsCoreOption } from 'echarts/core';

export interface MonthSeries {
  months: readonly string[];
  series: ReadonlyArray<{ name: string; values: readonly number[] }>;
}

/** Bars per month; right to left (Uyghur) the months run from the right and the value axis sits on the right. */
export function monthsOption({ months, series }: MonthSeries, rtl: boolean): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, [rtl ? 'right' : 'left']: 0 },
    grid: { top: 32, bottom: 24, left: 8, right: 8, containLabel: true },
    xAxis: { type: 'category', data: [...months], inverse: rtl },
    yAxis: { type: 'value', position: rtl ? 'right' : 'left', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: [...s.values] })),
  };
}
