import type { NaturalizedDataset } from 'dcmjs';
import { derivedUid } from './derived-uid.js';

/** What every object sent for a study says about the patient and the study, as the PACS files it. */
export interface ExportContext {
  patient: { id: string; name: string; birthDate: string | null; sex: string };
  study: { id: string; studyInstanceUid: string | null; createdAt: Date };
  institutionName: string;
}

/** The study's own StudyInstanceUID when it came as DICOM, so results land next to its images; else one derived from the Oasis study. */
export const studyInstanceUidOf = (context: ExportContext): string => context.study.studyInstanceUid ?? derivedUid('oasis-study', context.study.id);

const dicomDate = (date: Date) => date.toISOString().slice(0, 10).replaceAll('-', '');
const dicomTime = (date: Date) => date.toISOString().slice(11, 19).replaceAll(':', '');

/** Patient, General Study, General Series (less Modality), General Equipment and SOP Common modules. */
export function commonModules(context: ExportContext, series: { uid: string; number: number; description: string }, created: Date): NaturalizedDataset {
  return {
    // UTF-8: names and texts are Chinese and Uyghur as often as Latin.
    SpecificCharacterSet: 'ISO_IR 192',
    PatientName: [{ Alphabetic: context.patient.name }],
    PatientID: context.patient.id,
    PatientBirthDate: context.patient.birthDate?.replaceAll('-', '') ?? '',
    PatientSex: context.patient.sex === 'F' || context.patient.sex === 'M' ? context.patient.sex : 'O',
    StudyInstanceUID: studyInstanceUidOf(context),
    StudyDate: dicomDate(context.study.createdAt),
    StudyTime: dicomTime(context.study.createdAt),
    StudyID: context.study.id.slice(0, 16),
    AccessionNumber: '',
    ReferringPhysicianName: '',
    SeriesInstanceUID: series.uid,
    SeriesNumber: series.number,
    SeriesDescription: series.description,
    Manufacturer: 'Oasis',
    InstitutionName: context.institutionName,
    ContentDate: dicomDate(created),
    ContentTime: dicomTime(created),
    InstanceCreationDate: dicomDate(created),
    InstanceCreationTime: dicomTime(created),
  };
}
