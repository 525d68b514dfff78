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
  'devices.link': 'Scanners and PACS',
  'devices.title': 'Scanners and PACS',
  'devices.intro': 'Devices allowed to send images to Oasis over DICOM. A device is known by the AE title set on it and, when given, the address it sends from; any other sender is refused. Set the device’s destination to this server’s DICOM port and AE title (see the README).',
  'devices.register': 'Register a device',
  'devices.institution': 'Institution',
  'devices.label': 'Name',
  'devices.aeTitle': 'AE title',
  'devices.aeTitleHint': 'As set on the scanner: up to 16 letters, digits, spaces or _',
  'devices.aeTitleRule': 'Use 1–16 printable characters without a backslash.',
  'devices.address': 'IP address',
  'devices.addressHint': 'When given, only this address may send',
  'devices.addressRule': 'Enter an IPv4 or IPv6 address.',
  'devices.anyAddress': 'any',
  'devices.region': 'Body area of its studies',
  'devices.save': 'Register',
  'devices.registered': 'Device registered: it may send now.',
  'devices.empty': 'No devices registered yet.',
  'devices.deactivate': 'Stop',
  'devices.inactive': 'Stopped',
  'study.fromScanner': 'From scanner',
};

export type ScannerMessages = Record<keyof typeof scannerEn, string>;
