import { iou, toPixelBox } from './box-geometry.js';

describe('iou', () => {
  it('is intersection over union', () => {
    expect(iou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 1, width: 2, height: 2 })).toBeCloseTo(1 / 7);
    expect(iou({ x: 0, y: 0, width: 2, height: 2 }, { x: 0, y: 0, width: 2, height: 2 })).toBe(1);
    expect(iou({ x: 0, y: 0, width: 1, height: 1 }, { x: 1, y: 0, width: 1, height: 1 })).toBe(0);
    expect(iou({ x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
  });
});

describe('toPixelBox', () => {
  it('scales to the frame, rounds and clips', () => {
    expect(toPixelBox({ x: 0.25, y: 0.5, width: 0.5, height: 0.25 }, 640, 480)).toEqual({ x: 160, y: 240, width: 320, height: 120 });
    expect(toPixelBox({ x: 0.8, y: 0.9, width: 0.4, height: 0.3 }, 100, 100)).toEqual({ x: 80, y: 90, width: 20, height: 10 });
    expect(toPixelBox({ x: -0.1, y: 0, width: 0.3, height: 1.2 }, 100, 50)).toEqual({ x: 0, y: 0, width: 20, height: 50 });
  });
});
