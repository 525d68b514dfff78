import { parseCsv, parseLabels } from './labels-csv.js';

describe('parseCsv', () => {
  it('handles quotes, embedded commas, CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n1,\n2,3')).toEqual([['a', 'b'], ['x, y', 'say "hi"'], ['1', ''], ['2', '3']]);
  });
});

describe('parseLabels', () => {
  const header = 'file,dataset,region,label,width,height,bbox_x,bbox_y,bbox_w,bbox_h,split';

  it('reads rows with and without a box', () => {
    const rows = parseLabels(`${header}\na.png,busi,breast,benign,256,256,1,2,3,4,val\nb.png,busi,breast,normal,256,256,,,,,train\n`, 'labels.csv');
    expect(rows).toEqual([
      { file: 'a.png', dataset: 'busi', region: 'breast', label: 'benign', split: 'val', bbox: { x: 1, y: 2, width: 3, height: 4 } },
      { file: 'b.png', dataset: 'busi', region: 'breast', label: 'normal', split: 'train', bbox: null },
    ]);
  });

  it('names missing columns and unknown labels', () => {
    expect(() => parseLabels('file,label\na.png,benign\n', 'x.csv')).toThrow('x.csv lacks the column(s) region, split');
    expect(() => parseLabels(`${header}\na.png,busi,breast,cyst,1,1,,,,,val\n`, 'x.csv')).toThrow('x.csv line 2: unknown label "cyst"');
  });
});
