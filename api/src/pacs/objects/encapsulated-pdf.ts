import { derivedUid } from './derived-uid.js';
import { commonModules, type ExportContext } from './export-context.js';
import { type ExportedObject, exportedObject } from './exported-object.js';

export const ENCAPSULATED_PDF_STORAGE = '1.2.840.10008.5.1.4.1.1.104.1';

/** A signed consult report as an Encapsulated PDF: the very bytes that were signed, so their hash still verifies. */
export function encapsulatedPdf(context: ExportContext, report: { id: string; version: number; signedAt: Date; pdf: Uint8Array; title: string }): ExportedObject {
  const sopInstanceUid = derivedUid('oasis-report-pdf', report.id);
  // OB values are even in length; a PDF reader ignores the trailing NUL.
  const document = report.pdf.length % 2 ? Buffer.concat([report.pdf, Buffer.from([0])]) : Buffer.from(report.pdf);
  const dataset = {
    ...commonModules(context, { uid: derivedUid('oasis-report-series', context.study.id), number: 9001, description: 'Oasis second opinion (signed)' }, report.signedAt),
    Modality: 'DOC',
    ConversionType: 'WSD',
    InstanceNumber: report.version,
    AcquisitionDateTime: report.signedAt.toISOString().replace(/[-:T]/g, '').slice(0, 14),
    BurnedInAnnotation: 'YES',
    DocumentTitle: report.title,
    ConceptNameCodeSequence: [{ CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Diagnostic imaging report' }],
    MIMETypeOfEncapsulatedDocument: 'application/pdf',
    EncapsulatedDocumentLength: report.pdf.length,
    EncapsulatedDocument: [document.buffer.slice(document.byteOffset, document.byteOffset + document.length)],
    _vrMap: { EncapsulatedDocument: 'OB' },
  };
  return exportedObject(ENCAPSULATED_PDF_STORAGE, sopInstanceUid, dataset);
}
