import type { NaturalizedDataset } from 'dcmjs';
import { derivedUid } from './derived-uid.js';
import { commonModules, type ExportContext } from './export-context.js';
import { type ExportedObject, exportedObject } from './exported-object.js';
import { overlayCaptureUid, SECONDARY_CAPTURE_STORAGE } from './overlay-capture.js';
import { adjunctStatement, frameScale, type PreReadResult } from './pre-read-result.js';

export const COMPREHENSIVE_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.33';

type Code = { CodeValue: string; CodingSchemeDesignator: string; CodeMeaning: string };
const code = (value: string, scheme: string, meaning: string): Code => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });

/** DICOM (DCM), SNOMED CT (SCT), UCUM and LOINC codes; what those do not name is coded under the private 99OASIS scheme. */
const CODES = {
  report: code('126000', 'DCM', 'Imaging Measurement Report'),
  language: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  english: code('en-US', 'RFC5646', 'English (United States)'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  device: code('121007', 'DCM', 'Device'),
  deviceUid: code('121012', 'DCM', 'Device Observer UID'),
  deviceName: code('121013', 'DCM', 'Device Observer Name'),
  deviceModel: code('121015', 'DCM', 'Device Observer Model Name'),
  procedure: code('121058', 'DCM', 'Procedure reported'),
  ultrasonography: code('16310003', 'SCT', 'Ultrasonography'),
  imageLibrary: code('111028', 'DCM', 'Image Library'),
  imageLibraryGroup: code('126200', 'DCM', 'Image Library Group'),
  measurements: code('126010', 'DCM', 'Imaging Measurements'),
  group: code('125007', 'DCM', 'Measurement Group'),
  trackingId: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  finding: code('121071', 'DCM', 'Finding'),
  mass: code('4147007', 'SCT', 'Mass'),
  region: code('111030', 'DCM', 'Image Region'),
  longAxis: code('103339001', 'SCT', 'Long Axis'),
  shortAxis: code('103340004', 'SCT', 'Short Axis'),
  comment: code('121106', 'DCM', 'Comment'),
  mm: code('mm', 'UCUM', 'millimeter'),
  pixels: code('{pixels}', 'UCUM', 'pixels'),
  percent: code('%', 'UCUM', 'percent'),
  lesionProbability: code('LESION-P', '99OASIS', 'AI probability that this is a lesion'),
  malignancy: code('MALIG-P', '99OASIS', 'AI probability of malignancy'),
  call: code('AI-CALL', '99OASIS', 'AI benign/malignant call'),
  category: code('AI-CAT', '99OASIS', 'AI assessment category'),
};

const text = (concept: Code, value: string, relationship = 'CONTAINS') => ({ RelationshipType: relationship, ValueType: 'TEXT', ConceptNameCodeSequence: [concept], TextValue: value });
const num = (concept: Code, value: number, unit: Code) => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'NUM',
  ConceptNameCodeSequence: [concept],
  MeasuredValueSequence: [{ NumericValue: Number(value.toFixed(2)), MeasurementUnitsCodeSequence: [unit] }],
});

/** The box as a closed polyline (column, row pairs) in the capture's pixels. */
function corners(box: { x: number; y: number; width: number; height: number }, scale: { x: number; y: number }): number[] {
  const [x0, y0, x1, y1] = [box.x * scale.x, box.y * scale.y, (box.x + box.width) * scale.x, (box.y + box.height) * scale.y].map((v) => Number(v.toFixed(1)));
  return [x0!, y0!, x1!, y0!, x1!, y1!, x0!, y1!, x0!, y0!];
}

/**
 * The pre-read of one image as a TID 1500 Measurement Report (Comprehensive SR): the model as the observing
 * device, the overlay capture as the image library, and per lesion a measurement group with its box
 * (SCOORD on that image), long and short axis in mm (pixels where the image has no calibration) and, for a
 * validated model only, its probabilities, call and category. The adjunct statement closes the document.
 */
export function measurementReport(context: ExportContext, result: PreReadResult): ExportedObject {
  const sopInstanceUid = derivedUid('oasis-preread-sr', result.preReadId);
  const image = { ReferencedSOPClassUID: SECONDARY_CAPTURE_STORAGE, ReferencedSOPInstanceUID: overlayCaptureUid(result.preReadId) };
  // The capture may be shrunk from the stored image; SCOORDs are in the capture's pixels.
  const scale = frameScale(result);
  const groups = [...result.lesions]
    .sort((a, b) => a.index - b.index)
    .map((l, i) => {
      const mm = l.widthMm !== null && l.heightMm !== null;
      const [long, short] = mm ? [Math.max(l.widthMm!, l.heightMm!), Math.min(l.widthMm!, l.heightMm!)] : [Math.max(l.width, l.height), Math.min(l.width, l.height)];
      const unit = mm ? CODES.mm : CODES.pixels;
      const items: NaturalizedDataset[] = [
        text(CODES.trackingId, `Lesion ${i + 1}`, 'HAS OBS CONTEXT'),
        { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.trackingUid], UID: derivedUid('oasis-lesion', l.id) },
        { RelationshipType: 'CONTAINS', ValueType: 'CODE', ConceptNameCodeSequence: [CODES.finding], ConceptCodeSequence: [CODES.mass] },
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'SCOORD',
          ConceptNameCodeSequence: [CODES.region],
          GraphicType: 'POLYLINE',
          GraphicData: corners(l, scale),
          ContentSequence: [{ RelationshipType: 'SELECTED FROM', ValueType: 'IMAGE', ReferencedSOPSequence: [image] }],
        },
        num(CODES.longAxis, long, unit),
        num(CODES.shortAxis, short, unit),
      ];
      if (!mm) items.push(text(CODES.comment, 'No calibration: sizes in pixels only'));
      if (result.call) items.push(num(CODES.lesionProbability, l.probability * 100, CODES.percent));
      return { RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: [CODES.group], ContinuityOfContent: 'SEPARATE', ContentSequence: items };
    });
  const call = result.call
    ? [
        num(CODES.malignancy, result.call.malignancyProbability * 100, CODES.percent),
        text(CODES.call, result.call.label),
        ...(result.call.categorySystem && result.call.categoryValue ? [text(CODES.category, `${result.call.categorySystem} ${result.call.categoryValue}`)] : []),
      ]
    : [];
  const dataset = {
    ...commonModules(context, { uid: derivedUid('oasis-preread-sr-series', context.study.id), number: 9003, description: 'Oasis AI pre-read (measurements)' }, result.completedAt),
    Modality: 'SR',
    InstanceNumber: 1,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [CODES.report],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: [CODES.language], ConceptCodeSequence: [CODES.english] },
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'CODE', ConceptNameCodeSequence: [CODES.observerType], ConceptCodeSequence: [CODES.device] },
      { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.deviceUid], UID: derivedUid('oasis-model', result.model.id) },
      text(CODES.deviceName, `Oasis ${result.model.region.toLowerCase()} model`, 'HAS OBS CONTEXT'),
      text(CODES.deviceModel, result.model.version, 'HAS OBS CONTEXT'),
      { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: [CODES.procedure], ConceptCodeSequence: [CODES.ultrasonography] },
      {
        RelationshipType: 'CONTAINS',
        ValueType: 'CONTAINER',
        ConceptNameCodeSequence: [CODES.imageLibrary],
        ContinuityOfContent: 'SEPARATE',
        ContentSequence: [
          {
            RelationshipType: 'CONTAINS',
            ValueType: 'CONTAINER',
            ConceptNameCodeSequence: [CODES.imageLibraryGroup],
            ContinuityOfContent: 'SEPARATE',
            ContentSequence: [{ RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ReferencedSOPSequence: [image] }],
          },
        ],
      },
      { RelationshipType: 'CONTAINS', ValueType: 'CONTAINER', ConceptNameCodeSequence: [CODES.measurements], ContinuityOfContent: 'SEPARATE', ContentSequence: groups },
      ...call,
      text(CODES.comment, adjunctStatement(result)),
    ],
  };
  return exportedObject(COMPREHENSIVE_SR_STORAGE, sopInstanceUid, dataset);
}
