import { preRead, studyImage } from '../../../testing/studies';
import { withHeardPreReads } from './heard-pre-reads';

const QUEUED_AT = '2026-03-01T08:00:00.000Z';
const LATER = '2026-03-01T09:30:00.000Z';

describe('withHeardPreReads', () => {
  const pending = preRead('QUEUED', 0, { id: 'pr-1', imageId: 'one', queuedAt: QUEUED_AT });
  const done = preRead('DONE', 2, { id: 'pr-1', imageId: 'one', queuedAt: QUEUED_AT, call: 'MALIGNANT', completedAt: LATER });
  const other = studyImage('two', 'b', 0, preRead('RUNNING', 0, { id: 'pr-2', imageId: 'two', queuedAt: QUEUED_AT }));

  it('puts the heard result on its image in place, leaving the other images as they are', () => {
    const images = [studyImage('one', 'a', 0, pending), other];
    const shown = withHeardPreReads(images, new Map([['one', done]]));
    expect(shown[0]).toEqual({ ...images[0], preRead: done });
    expect(shown[0]!.preRead!.lesions).toHaveLength(2);
    expect(shown[1]).toBe(other);
    // The study as read is not changed: a later re-read starts from the API's answer again.
    expect(images[0]!.preRead).toBe(pending);
  });

  it('gives an image without a pre-read the one heard for it', () => {
    const shown = withHeardPreReads([studyImage('one', 'a')], new Map([['one', done]]));
    expect(shown[0]!.preRead).toBe(done);
  });

  it('keeps the study’s finished result over a pending state heard earlier for the same pre-read', () => {
    const retried = preRead('QUEUED', 0, { id: 'pr-1', imageId: 'one', queuedAt: QUEUED_AT });
    const shown = withHeardPreReads([studyImage('one', 'a', 0, done)], new Map([['one', retried]]));
    expect(shown[0]!.preRead).toBe(done);
  });

  it('keeps a later pre-read of the image that the study already shows', () => {
    const requeued = preRead('DONE', 1, { id: 'pr-3', imageId: 'one', queuedAt: LATER });
    expect(withHeardPreReads([studyImage('one', 'a', 0, requeued)], new Map([['one', done]]))[0]!.preRead).toBe(requeued);
    // And the other way round: a heard pre-read queued after the study's own replaces it.
    const heardLater = preRead('DONE', 1, { id: 'pr-3', imageId: 'one', queuedAt: LATER });
    expect(withHeardPreReads([studyImage('one', 'a', 0, pending)], new Map([['one', heardLater]]))[0]!.preRead).toBe(heardLater);
  });

  it('ignores results for images the study does not have, and returns the images unchanged when nothing was heard', () => {
    const images = [other];
    expect(withHeardPreReads(images, new Map([['elsewhere', done]]))).toEqual(images);
    expect(withHeardPreReads(images, new Map())).toBe(images);
  });
});
