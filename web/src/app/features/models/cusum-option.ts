import type { EChartsCoreOption } from 'echarts/core';

/**
 * The CUSUM control chart: the statistic after each assessed lesion, and the decision limit as a line. Right to
 * left (Uyghur) lesions run from the right and the value axis sits on the right.
 */
export function cusumOption(chart: readonly number[], limit: number, rtl: boolean, names: { statistic: string; limit: string }): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { top: 16, bottom: 24, left: 8, right: 8, containLabel: true },
    xAxis: { type: 'category', data: chart.map((_, i) => i + 1), inverse: rtl },
    yAxis: { type: 'value', position: rtl ? 'right' : 'left', min: 0, max: Math.ceil(Math.max(limit, ...chart) + 0.5) },
    series: [
      {
        type: 'line',
        name: names.statistic,
        data: chart.map((v) => Math.round(v * 100) / 100),
        showSymbol: false,
        markLine: { symbol: 'none', label: { formatter: names.limit }, lineStyle: { type: 'dashed', color: '#b42318' }, data: [{ yAxis: limit }] },
      },
    ],
  };
}
