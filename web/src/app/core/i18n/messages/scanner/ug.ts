import type { ScannerMessages } from './en';

/** ئاپپاراتتىن كەلگەن سۈرەتلەر (ئۇيغۇرچە) */
export const scannerUg: ScannerMessages = {
  'nav.scannerInbox': 'ئاپپاراتتىن كەلگەنلەر',
  'scannerInbox.title': 'ئۇلترا ئاۋاز ئاپپاراتىدىن كەلگەن سۈرەتلەر',
  'scannerInbox.intro': 'ئاپپارات ئەۋەتكەن، ئەمما Oasis بىمارىنى ئېنىقلىيالمىغان سۈرەتلەر. بىمارنىڭ كىم ئىكەنلىكىنى كۆرسىتىڭ: سۈرەتلەر تەكشۈرۈشكە قوشۇلىدۇ، بىمار قوشۇلغان بولسا AI ئىككىنچى پىكرى ئىجرا بولىدۇ.',
  'scannerInbox.empty': 'ساقلاۋاتقان سۈرەت يوق: ئاپپاراتتىن كەلگەن ھەممە سۈرەت بىمارىنى تاپتى.',
  'scannerInbox.received': '{time} دا {device} دىن كەلدى',
  'scannerInbox.images': '{count} سۈرەت',
  'scannerInbox.tags': 'سۈرەتتىكى ئۇچۇر',
  'scannerInbox.noName': 'ئىسمى يوق',
  'scannerInbox.birthDate': 'تۇغۇلغان ۋاقتى {date}',
  'scannerInbox.patientId': 'ئاپپاراتتىكى نومۇرى: {id}',
  'scannerInbox.candidates': 'ماس كېلىدىغان تىزىملانغان بىمارلار',
  'scannerInbox.confirm': 'بۇ {name}',
  'scannerInbox.register': 'يېڭى بىمار قىلىپ تىزىملاش',
  'scannerInbox.registerHint': 'ماس كېلىدىغىنى يوق: سۈرەتتىكى ئىسىم، جىنس ۋە تۇغۇلغان ۋاقىت بويىچە بىمارنى تىزىملايدۇ.',
  'scannerInbox.filed': 'سۈرەتلەر يېڭى تەكشۈرۈشكە قوشۇلدى.',
  'study.fromScanner': 'ئاپپاراتتىن',
};
