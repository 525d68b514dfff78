/**
 * English texts of images arriving from scanners (DICOM receiver), spread into en.ts.
 * zh.ts and ug.ts beside this file must translate every key (the compiler checks).
 */
export const scannerEn = {
  'nav.scannerInbox': 'From scanners',
  'scannerInbox.title': 'Images from scanners',
  'scannerInbox.intro': 'Images a scanner sent whose patient Oasis could not tell. Say who the patient is: the images then join a study and the AI second opinion runs if the patient consented.',
  'scannerInbox.empty': 'Nothing waiting: every image from the scanners has found its patient.',
  'scannerInbox.received': 'Received {time} from {device}',
  'scannerInbox.images': '{count} image(s)',
  'scannerInbox.tags': 'The images name',
  'scannerInbox.noName': 'no name',
  'scannerInbox.birthDate': 'born {date}',
  'scannerInbox.patientId': 'ID on the scanner: {id}',
  'scannerInbox.candidates': 'Registered patients who match',
  'scannerInbox.confirm': 'This is {name}',
  'scannerInbox.register': 'Register as a new patient',
  'scannerInbox.registerHint': 'No match: registers the patient from the name, sex and birth date on the images.',
  'scannerInbox.filed': 'The images are filed in a new study.',
  'study.fromScanner': 'From scanner',
};

export type ScannerMessages = Record<keyof typeof scannerEn, string>;
