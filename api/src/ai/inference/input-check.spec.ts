import { ErrorCode } from '../../common/error-codes.js';
import { toLuma } from '../../imaging/decode/luma.js';
import { MAX_COLOUR_FRACTION, refusalFor } from './input-check.js';

const CLASSES = ['breast', 'thyroid', 'other'];
const LEVELS = { refuseAt: 0.5, wrongRegionAt: 0.7 };

describe('refusalFor', () => {
  it('lets an image of the study’s region through', () => {
    expect(refusalFor([0.9, 0.05, 0.05], CLASSES, 'breast', LEVELS)).toBeNull();
    expect(refusalFor([0.1, 0.85, 0.05], CLASSES, 'thyroid', LEVELS)).toBeNull();
  });

  it('refuses what does not look like ultrasound, before anything else', () => {
    expect(refusalFor([0.3, 0.1, 0.6], CLASSES, 'breast', LEVELS)?.code).toBe(ErrorCode.NOT_ULTRASOUND);
  });

  it('refuses an image of the other region', () => {
    expect(refusalFor([0.1, 0.8, 0.1], CLASSES, 'breast', LEVELS)).toEqual({ code: ErrorCode.WRONG_REGION, message: 'This looks like a thyroid ultrasound, not a breast one: no breast pre-read' });
  });

  it('does not refuse when unsure (no class reaches its refusal level)', () => {
    expect(refusalFor([0.4, 0.45, 0.15], CLASSES, 'breast', LEVELS)).toBeNull();
    expect(refusalFor([0.35, 0.65, 0], CLASSES, 'breast', LEVELS)).toBeNull();
  });

  it('refuses colour (Doppler, elastography) from the decoded colour, whatever the model says', () => {
    expect(refusalFor([0.9, 0.05, 0.05], CLASSES, 'breast', LEVELS, MAX_COLOUR_FRACTION + 0.01)?.code).toBe(ErrorCode.UNSUPPORTED_MODE);
    expect(refusalFor([0.9, 0.05, 0.05], CLASSES, 'breast', LEVELS, MAX_COLOUR_FRACTION)).toBeNull();
  });
});

describe('toLuma colourFraction', () => {
  it('counts clearly coloured pixels, not grey or slightly tinted ones', () => {
    const rgb = [200, 30, 20, 100, 100, 100, 120, 110, 100, 10, 10, 200];
    expect(toLuma(rgb, 4, 1, 3).colourFraction).toBe(0.5);
  });
});
