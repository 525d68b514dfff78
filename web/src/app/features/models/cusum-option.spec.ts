import { describe, expect, it } from '@jest/globals';
import { monthsOption } from '../dashboard/months-option';
import { cusumOption } from './cusum-option';

type Axis = { inverse?: boolean; position?: string; data?: unknown[]; max?: number };
type Option = { xAxis: Axis; yAxis: Axis; series: Array<{ data: number[]; markLine?: { data: Array<{ yAxis: number }> } }> };

describe('chart options', () => {
  it('draws the control chart with one point per lesion and the decision limit as a line', () => {
    const option = cusumOption([0, 1.1, 0.85, 5.2], 5, false, { statistic: 'CUSUM', limit: 'Limit' }) as unknown as Option;
    expect(option.xAxis.data).toEqual([1, 2, 3, 4]);
    expect(option.series[0].data).toEqual([0, 1.1, 0.85, 5.2]);
    expect(option.series[0].markLine!.data).toEqual([{ yAxis: 5 }]);
    expect(option.yAxis.max).toBeGreaterThanOrEqual(5.2);
    expect(option.xAxis.inverse).toBe(false);
  });

  it('mirrors both charts right to left: lesions and months run from the right, values on the right', () => {
    const cusum = cusumOption([0, 1], 5, true, { statistic: 'CUSUM', limit: 'چەك' }) as unknown as Option;
    const months = monthsOption({ months: ['2026-01', '2026-02'], series: [{ name: 'x', values: [1, 2] }] }, true) as unknown as Option;
    for (const option of [cusum, months]) {
      expect(option.xAxis.inverse).toBe(true);
      expect(option.yAxis.position).toBe('right');
    }
    expect((monthsOption({ months: [], series: [] }, false) as unknown as Option).yAxis.position).toBe('left');
  });
});
