import { readDicom } from '../../imaging/dicom/read-dicom.js';
import { makeDicom } from '../../imaging/dicom/testing/make-dicom.js';
import { parsePart10 } from '../../imaging/dicom/parse-part10.js';
import { deidentifyDicom } from './deidentify-dicom.js';

const ROWS = 200;
const COLS = 240;
const BANNER = 20;
/** A frame with "burned-in text" (bright strokes) in the top banner and tissue texture below it. */
const pixel = (x: number, y: number) => (y < BANNER ? (x % 7 < 3 ? 255 : 0) : 40 + ((x * 3 + y * 5) % 120));
const identified = (extra: Parameters<typeof makeDicom>[0] = {}) =>
  makeDicom({
    rows: ROWS,
    cols: COLS,
    pixel,
    patient: { name: 'Tursun^Ayshem', id: 'SCN-777', sex: 'F', birthDate: '19750308' },
    studyDescription: 'Breast US left',
    extra: { InstitutionName: 'Tokuzak Township Health Centre', ReferringPhysicianName: [{ Alphabetic: 'Ablimit^Mehmet' }], OtherPatientIDs: 'RID-42' },
    ...extra,
  });
/** With the file's frames as the upload kept them (decoded once). */
const deidentify = async (file: Uint8Array, caseId: string, options: { salt: string }) => deidentifyDicom(file, (await readDicom(file)).frames, caseId, options);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('de-identification of a teaching case', () => {
  it('removes the patient from the tags and from the burned-in banner, and says how', async () => {
    const original = identified({ ultrasoundRegions: undefined });
    expect(text(original)).toContain('Tursun');
    const { dicom, frames, method } = await deidentify(original, 'CASE-0001', { salt: 'test-salt' });

    for (const secret of ['Tursun', 'Ayshem', 'SCN-777', '19750308', 'Tokuzak', 'Ablimit', 'RID-42']) expect(text(dicom)).not.toContain(secret);
    const read = await readDicom(dicom);
    expect(read.patient).toEqual({ name: 'ANONYMOUS', id: 'CASE-0001', sex: 'F', birthDate: null });
    expect(read.studyDescription).toBe('Breast US left');
    const { dataset } = parsePart10(dicom, 1e8);
    expect(dataset.PatientIdentityRemoved).toBe('YES');
    expect(dataset.DeidentificationMethod).toContain('PS3.15 Basic Profile');
    expect((dataset.DeidentificationMethodCodeSequence as Array<{ CodeValue: string }>).map((c) => c.CodeValue)).toEqual(['113100', '113101']);
    expect(method).toMatch(/burned-in text blanked in 1 boxes/);

    // The banner is blank; the scanned tissue below it is untouched.
    const [frame] = frames;
    const banner = frame.data.subarray(0, BANNER * COLS);
    expect(Math.max(...banner)).toBe(0);
    expect(read.frames[0].data[100 * COLS + 50]).toBe(pixel(50, 100));
  });

  it('blanks everything outside the marked ultrasound regions when the file has them', async () => {
    const { frames, method } = await deidentify(
      identified({ ultrasoundRegions: [{ x0: 20, y0: 30, x1: 219, y1: 189, deltaXcm: 0.01, deltaYcm: 0.01 }] }),
      'CASE-0002',
      { salt: 'test-salt' },
    );
    expect(method).toContain('outside the ultrasound regions');
    const [frame] = frames;
    expect(frame.data[5 * COLS + 100]).toBe(0); // banner
    expect(frame.data[100 * COLS + 5]).toBe(0); // left margin
    expect(frame.data[100 * COLS + 100]).toBe(pixel(100, 100)); // inside the region
  });

  it('replaces UIDs consistently for one case and differently for another', async () => {
    const file = identified({ studyInstanceUid: '1.2.3.4.5', sopInstanceUid: '1.2.3.4.5.6' });
    const a = await readDicom((await deidentify(file, 'CASE-A', { salt: 's' })).dicom);
    const again = await readDicom((await deidentify(file, 'CASE-A', { salt: 's' })).dicom);
    const b = await readDicom((await deidentify(file, 'CASE-B', { salt: 's' })).dicom);
    expect(a.studyInstanceUid).not.toBe('1.2.3.4.5');
    expect(a.studyInstanceUid).toMatch(/^2\.25\.\d+$/);
    expect(again.studyInstanceUid).toBe(a.studyInstanceUid);
    expect(b.studyInstanceUid).not.toBe(a.studyInstanceUid);
  });
});
