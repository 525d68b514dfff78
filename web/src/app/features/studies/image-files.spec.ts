import { preRead, studyImage as image } from '../../../testing/studies';
import { imageFiles } from './image-files';
import { firstLesionNumbers } from './lesion-numbers';

describe('imageFiles', () => {
  it('groups the frames of one file together, in frame order, files in the order they first appear', () => {
    const files = imageFiles([image('b2', 'cine', 2), image('a', 'still'), image('b0', 'cine', 0), image('c', 'other'), image('b1', 'cine', 1)]);
    expect(files.map((frames) => frames.map((f) => f.id))).toEqual([['b0', 'b1', 'b2'], ['a'], ['c']]);
  });

  it('keeps two single-frame files with the same name apart when their content differs', () => {
    const files = imageFiles([{ ...image('a', 'sha-a'), fileName: 'scan.png' }, { ...image('b', 'sha-b'), fileName: 'scan.png' }]);
    expect(files).toHaveLength(2);
  });

  it('has no files for a study without images', () => {
    expect(imageFiles([])).toEqual([]);
  });
});

describe('firstLesionNumbers', () => {
  it('numbers lesions over the whole study, counting only finished pre-reads', () => {
    const numbers = firstLesionNumbers([
      image('one', 'a', 0, preRead('DONE', 2)),
      image('two', 'b', 0, preRead('RUNNING', 0)),
      image('three', 'c', 0, null),
      image('four', 'd', 0, preRead('DONE', 1)),
      image('five', 'e', 0, preRead('DONE', 0)),
    ]);
    expect([...numbers]).toEqual([
      ['one', 1],
      ['two', 3],
      ['three', 3],
      ['four', 3],
      ['five', 4],
    ]);
  });
});
