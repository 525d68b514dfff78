import { Foundation1764200000000 } from './1764200000000-foundation.js';
import { ImagingAi1764300000000 } from './1764300000000-imaging-ai.js';
import { Consults1764400000000 } from './1764400000000-consults.js';
import { Calls1764500000000 } from './1764500000000-calls.js';
import { SpecialistFocus1764600000000 } from './1764600000000-specialist-focus.js';
import { Training1764700000000 } from './1764700000000-training.js';
import { EncryptionAtRest1765200000000 } from './1765200000000-encryption-at-rest.js';
import { PreReadRefused1765300000000 } from './1765300000000-pre-read-refused.js';
import { Mfa1765400000000 } from './1765400000000-mfa.js';
import { BreakGlass1765410000000 } from './1765410000000-break-glass.js';
import { AuditChain1765500000000 } from './1765500000000-audit-chain.js';
import { UploadAppends1765600000000 } from './1765600000000-upload-appends.js';
import { KeptFrames1765600000001 } from './1765600000001-kept-frames.js';
import { ImageColour1765900000000 } from './1765900000000-image-colour.js';
import { ReportRevisions1765800000000 } from './1765800000000-report-revisions.js';
import { DicomNetwork1766100000000 } from './1766100000000-dicom-network.js';
import { FollowUp1766200000000 } from './1766200000000-follow-up.js';
import { QuestionVersions1766300000000 } from './1766300000000-question-versions.js';
import { TrainingMandates1766300000001 } from './1766300000001-training-mandates.js';
import { CertificateIssuer1766300000002 } from './1766300000002-certificate-issuer.js';
import { PacsExport1766500000000 } from './1766500000000-pacs-export.js';
import { Dicomweb1766640000000 } from './1766640000000-dicomweb.js';

/** Every migration, oldest first. One list for PGlite and PostgreSQL. */
export const MIGRATIONS = [Foundation1764200000000, ImagingAi1764300000000, Consults1764400000000, Calls1764500000000, SpecialistFocus1764600000000, Training1764700000000, EncryptionAtRest1765200000000, PreReadRefused1765300000000, Mfa1765400000000, BreakGlass1765410000000, AuditChain1765500000000, UploadAppends1765600000000, KeptFrames1765600000001, ReportRevisions1765800000000, ImageColour1765900000000, DicomNetwork1766100000000, FollowUp1766200000000, QuestionVersions1766300000000, TrainingMandates1766300000001, CertificateIssuer1766300000002, PacsExport1766500000000, Dicomweb1766640000000];
