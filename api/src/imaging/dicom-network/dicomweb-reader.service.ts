import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import dcmjs, { type DenaturalizedDataset } from 'dcmjs';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { notFound } from '../../common/app-error.js';
import { groupBy } from '../../common/group-by.js';
import { Patient } from '../../patients/patient.entity.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { parsePart10 } from '../dicom/parse-part10.js';
import { StudiesService } from '../studies.service.js';
import { Study } from '../study.entity.js';

/** A data set in the DICOM JSON model (PS3.18 F.2): tag → { vr, Value }. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;

/** One stored DICOM instance of a study: its identity and its attributes (bulk data left out). */
export interface StoredInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntaxUid: string;
  blobSha256: string;
  attributes: DicomJson;
  /** The stored file, byte for byte. */
  bytes: Buffer;
}

/** The instances to answer: a whole study, one series, or one instance of it. */
export interface InstanceFilter {
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Study attributes QIDO-RS returns at study level (PS3.18 10.6.3.3.1), and the levels below add their own. */
const Tag = {
  studyDate: '00080020',
  modalitiesInStudy: '00080061',
  studyDescription: '00081030',
  retrieveUrl: '00081190',
  patientName: '00100010',
  patientId: '00100020',
  birthDate: '00100030',
  sex: '00100040',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  instances: '00201208',
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  modality: '00080060',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
} as const;
const SERIES_TAGS = [Tag.modality, Tag.seriesInstanceUid, Tag.seriesNumber];
const INSTANCE_TAGS = [Tag.sopClassUid, Tag.sopInstanceUid, Tag.instanceNumber, ...SERIES_TAGS];
const SEARCH_LIMIT = 200;

/**
 * QIDO-RS and WADO-RS over the studies a signed-in user may read: the same policy as the web app (listScope
 * for searches, StudiesService.getFor for one study, so consult routing and break-glass apply), and every
 * answer audited. Only studies that hold DICOM files (a StudyInstanceUID) are DICOMweb studies; instances are
 * the stored files, byte for byte.
 */
@Injectable()
export class DicomWebReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly studies: StudiesService,
  ) {}

  async searchStudies(actor: Actor, query: { StudyInstanceUID?: string; PatientID?: string; limit?: string; offset?: string }, baseUrl: string): Promise<DicomJson[]> {
    const scope = await this.policy.listScope(actor, 'study.read', { type: 'study' });
    const limit = Math.min(Math.max(Number(query.limit) || SEARCH_LIMIT, 1), SEARCH_LIMIT);
    const search = this.dataSource
      .getRepository(Study)
      .createQueryBuilder('s')
      .innerJoin(Patient, 'p', 'p.id = s.patient_id')
      .where('s.institution_id IN (:...scope)', { scope })
      .andWhere('s.study_instance_uid IS NOT NULL')
      .orderBy('s.created_at', 'DESC')
      .take(limit)
      .skip(Math.max(Number(query.offset) || 0, 0));
    if (query.StudyInstanceUID) search.andWhere('s.study_instance_uid IN (:...uids)', { uids: query.StudyInstanceUID.split(',') });
    if (query.PatientID) search.andWhere('p.dicom_patient_id = :pid', { pid: query.PatientID });
    const studies = await search.getMany();
    const patients = new Map<string, Patient>();
    const counts = new Map<string, number>();
    if (studies.length > 0) {
      for (const p of await this.dataSource.getRepository(Patient).findBy({ id: In([...new Set(studies.map((s) => s.patientId))]) })) patients.set(p.id, p);
      const rows: Array<{ study_id: string; n: number }> = await this.dataSource.query(
        `SELECT study_id, count(DISTINCT blob_sha256)::int AS n FROM study_image WHERE format = 'dicom' AND study_id = ANY($1) GROUP BY study_id`,
        [studies.map((s) => s.id)],
      );
      for (const r of rows) counts.set(r.study_id, r.n);
    }
    await this.audit.record({ actor, action: 'dicomweb.search', resourceType: 'study', details: { level: 'study', query, results: studies.map((s) => s.id) } });
    return studies.map((s) => ({
      ...studyAttributes(s, patients.get(s.patientId)!),
      [Tag.instances]: { vr: 'IS', Value: [counts.get(s.id) ?? 0] },
      [Tag.modalitiesInStudy]: { vr: 'CS', Value: ['US'] },
      [Tag.retrieveUrl]: { vr: 'UR', Value: [`${baseUrl}/studies/${s.studyInstanceUid}`] },
    }));
  }

  /** QIDO-RS below a study: its series (one entry per SeriesInstanceUID) or its instances. */
  async searchIn(actor: Actor, studyInstanceUid: string, level: 'series' | 'instances', filter: InstanceFilter, baseUrl: string): Promise<DicomJson[]> {
    const { study, patient, instances } = await this.open(actor, studyInstanceUid, filter);
    const base = studyAttributes(study, patient);
    const pick = (i: StoredInstance, tags: string[]) => Object.fromEntries(tags.filter((t) => i.attributes[t]).map((t) => [t, i.attributes[t]!]));
    if (level === 'instances') {
      return instances.map((i) => ({ ...base, ...pick(i, INSTANCE_TAGS), [Tag.retrieveUrl]: { vr: 'UR', Value: [`${baseUrl}/studies/${studyInstanceUid}/series/${i.seriesInstanceUid}/instances/${i.sopInstanceUid}`] } }));
    }
    return [...groupBy(instances, (i) => i.seriesInstanceUid).entries()].map(([uid, members]) => ({
      ...base,
      ...pick(members[0]!, SERIES_TAGS),
      '00201209': { vr: 'IS', Value: [members.length] },
      [Tag.retrieveUrl]: { vr: 'UR', Value: [`${baseUrl}/studies/${studyInstanceUid}/series/${uid}`] },
    }));
  }

  /** WADO-RS: the stored files, or (metadata) their attributes without bulk data. Audited with what was handed out. */
  async retrieve(actor: Actor, studyInstanceUid: string, filter: InstanceFilter): Promise<StoredInstance[]> {
    const { study, instances } = await this.open(actor, studyInstanceUid, filter);
    if (instances.length === 0) throw notFound('Instance');
    await this.audit.record({ actor, action: 'dicomweb.retrieve', resourceType: 'study', resourceId: study.id, institutionId: study.institutionId, details: { sopInstanceUids: instances.map((i) => i.sopInstanceUid) } });
    return instances;
  }

  /**
   * The study with this UID the actor may read, with its instances. The same UID can be a study of two
   * institutions: the one the policy lets the actor read is taken, else the first (getFor then allows it through a
   * consult, or refuses with a DENIED row); getFor audits the read.
   */
  private async open(actor: Actor, studyInstanceUid: string, filter: InstanceFilter): Promise<{ study: Study; patient: Patient; instances: StoredInstance[] }> {
    const candidates = await this.dataSource.getRepository(Study).find({ where: { studyInstanceUid }, order: { createdAt: 'ASC' } });
    if (candidates.length === 0) throw notFound('Study');
    const readable = await Promise.all(candidates.map((c) => this.policy.can(actor, 'study.read', { institutionIds: [c.institutionId], patientId: c.patientId })));
    const study = await this.studies.getFor(actor, (candidates[readable.indexOf(true)] ?? candidates[0]!).id);
    const patient = await this.dataSource.getRepository(Patient).findOneByOrFail({ id: study.patientId });
    const blobs = [...new Set(study.images.filter((i) => i.format === 'dicom').map((i) => i.blobSha256))];
    const instances = (await Promise.all(blobs.map((sha) => this.instanceOf(sha)))).filter(
      (i) => (!filter.seriesInstanceUid || i.seriesInstanceUid === filter.seriesInstanceUid) && (!filter.sopInstanceUid || i.sopInstanceUid === filter.sopInstanceUid),
    );
    return { study, patient, instances };
  }

  /** The attributes of one stored file (it passed the checks of the upload or the receiver when it was kept). */
  private async instanceOf(blobSha256: string): Promise<StoredInstance> {
    const bytes = await this.blobs.get(blobSha256);
    const parsed = parsePart10(bytes, bytes.length * 20);
    const attributes = dicomJson(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(parsed.dataset));
    const uid = (tag: string) => String(attributes[tag]?.Value?.[0] ?? '');
    return { sopClassUid: uid(Tag.sopClassUid), sopInstanceUid: uid(Tag.sopInstanceUid), seriesInstanceUid: uid(Tag.seriesInstanceUid), transferSyntaxUid: parsed.transferSyntaxUid, blobSha256, attributes, bytes };
  }
}

/** What a study is known by in Oasis (its patient as registered, not as the file says). */
function studyAttributes(study: Study, patient: Patient): DicomJson {
  const date = study.createdAt.toISOString().slice(0, 10).replaceAll('-', '');
  return {
    [Tag.studyDate]: { vr: 'DA', Value: [date] },
    ...(study.description ? { [Tag.studyDescription]: { vr: 'LO', Value: [study.description] } } : {}),
    [Tag.patientName]: { vr: 'PN', Value: [{ Alphabetic: patient.name }] },
    [Tag.patientId]: { vr: 'LO', Value: [patient.dicomPatientId ?? patient.id] },
    ...(patient.birthDate ? { [Tag.birthDate]: { vr: 'DA', Value: [patient.birthDate.replaceAll('-', '')] } } : {}),
    [Tag.sex]: { vr: 'CS', Value: [patient.sex] },
    [Tag.studyInstanceUid]: { vr: 'UI', Value: [study.studyInstanceUid] },
  };
}

/** dcmjs's tag-keyed data set as DICOM JSON: bulk data (binary VRs) left out, sequences converted item by item. */
export function dicomJson(dataset: DenaturalizedDataset): DicomJson {
  const out: DicomJson = {};
  for (const [tag, { vr, Value }] of Object.entries(dataset)) {
    if (!/^[0-9A-F]{8}$/i.test(tag) || tag.startsWith('0002')) continue;
    if (BINARY_VRS.has(vr)) continue;
    const value = vr === 'SQ' ? (Value ?? []).map((item) => dicomJson(item as DenaturalizedDataset)) : Value;
    out[tag.toUpperCase()] = value === undefined || value.length === 0 ? { vr } : { vr, Value: value };
  }
  return out;
}
