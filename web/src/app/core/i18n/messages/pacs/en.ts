/**
 * English texts of the PACS screens (destinations, send state on the study), spread into en.ts.
 * zh.ts and ug.ts beside this file must translate every key (the compiler checks).
 */
export const pacsEn = {
  'nav.pacs': 'Scanners and PACS',
  'pacs.title': 'Results to the hospital PACS',
  'pacs.intro': 'Each finished AI pre-read (an SR with the measurements and an image with the boxes) and each signed report (PDF) goes by DICOM or DICOMweb to the PACS of the study’s institution. A PACS that is down keeps them queued; they are sent when it is back.',
  'pacs.empty': 'No PACS yet. Register the hospital’s PACS below and results start to go there.',
  'pacs.register': 'Register a PACS',
  'pacs.institution': 'Institution',
  'pacs.label': 'Name',
  'pacs.aeTitle': 'Called AE title',
  'pacs.aeTitleHint': 'As configured on the PACS (e.g. ORTHANC); Oasis calls with its own AE title (OASIS_DICOM_AE, OASIS unless set).',
  'pacs.host': 'Host',
  'pacs.port': 'Port',
  'pacs.save': 'Register',
  'pacs.saved': 'PACS {label} registered',
  'pacs.active': 'Active',
  'pacs.inactive': 'Stopped',
  'pacs.deactivate': 'Stop sending',
  'pacs.deactivateTitle': 'Stop sending to {label}?',
  'pacs.deactivateBody': 'Nothing new is queued for it; what is already queued stays queued.',
  'pacs.reachedBy': 'Reached by',
  'pacs.viaDimse': 'DICOM (AE title, host, port)',
  'pacs.viaDicomweb': 'DICOMweb (STOW-RS URL)',
  'pacs.url': 'DICOMweb URL',
  'pacs.urlHint': 'The PACS’s DICOMweb base, for example http://pacs:8042/dicom-web for Orthanc; results are POSTed to …/studies.',
  'pacs.urlRule': 'Enter an http:// or https:// address.',
  'pacs.sends.title': 'Sent to the PACS',
  'pacs.sends.none': 'Nothing sent: no PACS is registered for this institution, or no result is finished yet.',
  'pacs.sends.PRE_READ': 'AI pre-read (SR and image)',
  'pacs.sends.REPORT': 'Signed report (PDF)',
  'pacs.sends.SENT': 'Sent',
  'pacs.sends.QUEUED': 'Queued',
  'pacs.sends.refresh': 'Check again',
  'pacs.sends.retrying': 'Not taken yet (try {n}): {reason}',
};

export type PacsMessages = Record<keyof typeof pacsEn, string>;
