import type { monitoringEn } from './en';

/** مودېل نازارىتىنىڭ ئۇيغۇرچە تېكىستلىرى. */
export const monitoringUg: Record<keyof typeof monitoringEn, string> = {
  'nav.monitoring': 'مودېل نازارىتى',
  'monitoring.title': 'مودېل نازارىتى',
  'monitoring.intro': 'ھەر بىر سۈنئىي ئەقىل مودېلىنىڭ سىزنىڭ ھەر بىر ئورنىڭىزدىكى ئەھۋالى: ھەر بىر ئۆسمە بويىچە مۇتەخەسسىس بىلەن بىردەكلىكى، پاتولوگىيە بار يەردە سەزگۈرلۈك، ئالاھىدىلىك ۋە AUC، 95% ئىشەنچ ئارىلىقى بىلەن. ئاگاھلاندۇرۇلغان ئورۇنلار ئالدىدا.',
  'monitoring.empty': 'ئورۇنلىرىڭىزدا تېخى ھېچقانداق مۇتەخەسسىس سۈنئىي ئەقىل بايقىشىنى باھالىمىدى.',
  'monitoring.site': 'ئورۇن',
  'monitoring.model': 'مودېل',
  'monitoring.lesions': 'باھالانغان ئۆسمە',
  'monitoring.agreement': 'بىردەكلىك',
  'monitoring.sensitivity': 'سەزگۈرلۈك',
  'monitoring.specificity': 'ئالاھىدىلىك',
  'monitoring.auc': 'AUC',
  'monitoring.agreementAlert': 'بىردەكلىك تۆۋەنلىدى',
  'monitoring.sensitivityAlert': 'سەزگۈرلۈك چەكتىن تۆۋەن',
  'monitoring.inControl': 'كونترول ئىچىدە',
  'monitoring.chartTitle': 'كونترول گرافىكى: {site}',
  'monitoring.rule': 'بىردەك ئۆسمە يىغىندىنى ئازراق تۆۋەنلىتىدۇ، باشقىسى ئۆستۈرىدۇ؛ {limit} گە يەتكەندە ئاگاھلاندۇرىدۇ.',
  'monitoring.flaggedAfter': '{n} ئۆسمىدىن كېيىن ئاگاھلاندۇرۇلدى.',
  'monitoring.statistic': 'CUSUM',
  'monitoring.limit': 'چەك',
  'monitoring.perScanner': 'ئۈسكۈنە بويىچە',
  'monitoring.scanner': 'ئۈسكۈنە',
  'monitoring.uploaded': 'يۈكلەنگەن (ئۈسكۈنە نامەلۇم)',
  'models.alerts': 'مودېلغا دىققەت قىلىش كېرەك بولغان ئورۇنلار: {sites}.',
  'models.monitoringLink': 'مودېل نازارىتى',
};
