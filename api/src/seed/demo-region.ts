import { InstitutionType } from '../identity/institution.entity.js';
import { Role } from '../identity/role.js';

/**
 * A small, realistic region for demos and browser tests: a prefecture hospital, two county hospitals and
 * six township health centres under them (Kashgar prefecture), a training institute, and one person per role.
 */
export const DEMO_INSTITUTIONS = [
  { code: 'KS-PH', name: 'Kashgar Prefecture People’s Hospital', type: InstitutionType.URBAN_HOSPITAL, county: null, parent: null },
  { code: 'KS-SF-CH', name: 'Shufu County People’s Hospital', type: InstitutionType.COUNTY_HOSPITAL, county: 'Shufu', parent: 'KS-PH' },
  { code: 'KS-SL-CH', name: 'Shule County People’s Hospital', type: InstitutionType.COUNTY_HOSPITAL, county: 'Shule', parent: 'KS-PH' },
  { code: 'KS-SF-T01', name: 'Tokuzak Township Health Centre', type: InstitutionType.TOWNSHIP_HEALTH_CENTRE, county: 'Shufu', parent: 'KS-SF-CH' },
  { code: 'KS-SF-T02', name: 'Wupar Township Health Centre', type: InstitutionType.TOWNSHIP_HEALTH_CENTRE, county: 'Shufu', parent: 'KS-SF-CH' },
  { code: 'KS-SF-T03', name: 'Tagarchi Township Health Centre', type: InstitutionType.TOWNSHIP_HEALTH_CENTRE, county: 'Shufu', parent: 'KS-SF-CH' },
  { code: 'KS-SL-T01', name: 'Yengimehelle Township Health Centre', type: InstitutionType.TOWNSHIP_HEALTH_CENTRE, county: 'Shule', parent: 'KS-SL-CH' },
  { code: 'KS-SL-T02', name: 'Hanerik Township Health Centre', type: InstitutionType.TOWNSHIP_HEALTH_CENTRE, county: 'Shule', parent: 'KS-SL-CH' },
  { code: 'KS-SL-T03', name: 'Aral Township Health Centre', type: InstitutionType.TOWNSHIP_HEALTH_CENTRE, county: 'Shule', parent: 'KS-SL-CH' },
  { code: 'KS-TI', name: 'Kashgar Medical Training Institute', type: InstitutionType.TRAINING_INSTITUTE, county: null, parent: 'KS-PH' },
] as const;

/** Demo passwords are printed by the seed; each account must change it on first use outside a demo. */
export const DEMO_USERS = [
  { username: 'admin', displayName: 'Aynur Tursun (Admin)', role: Role.ADMIN, institution: 'KS-PH', password: 'Oasis-admin-2026', locale: 'en' },
  { username: 'specialist', displayName: 'Dr. Li Wei (Radiology)', role: Role.SPECIALIST, institution: 'KS-PH', password: 'Oasis-specialist-2026', locale: 'zh' },
  { username: 'doctor', displayName: 'Dr. Mehmet Ablimit', role: Role.TOWNSHIP_DOCTOR, institution: 'KS-SF-T01', password: 'Oasis-doctor-2026', locale: 'ug' },
  { username: 'trainer', displayName: 'Zhang Min (Trainer)', role: Role.TRAINER, institution: 'KS-TI', password: 'Oasis-trainer-2026', locale: 'zh' },
  { username: 'trainee', displayName: 'Gulnar Rozi', role: Role.TRAINEE, institution: 'KS-SL-T02', password: 'Oasis-trainee-2026', locale: 'ug' },
] as const;

export const DEMO_PREFECTURE = 'Kashgar';
