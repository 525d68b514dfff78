/**
 * English texts of model monitoring (post-market surveillance), spread into en.ts. zh.ts and ug.ts beside this
 * file must translate every key (the compiler checks).
 */
export const monitoringEn = {
  'nav.monitoring': 'Model monitoring',
  'monitoring.title': 'Model monitoring',
  'monitoring.intro': 'How each AI model does at each site of yours: agreement with the specialists per lesion and, where pathology is recorded, sensitivity, specificity and AUC, with 95 % intervals. Flagged sites come first.',
  'monitoring.empty': 'No specialist has assessed an AI finding at your sites yet.',
  'monitoring.site': 'Site',
  'monitoring.model': 'Model',
  'monitoring.lesions': 'Lesions assessed',
  'monitoring.agreement': 'Agreement',
  'monitoring.sensitivity': 'Sensitivity',
  'monitoring.specificity': 'Specificity',
  'monitoring.auc': 'AUC',
  'monitoring.agreementAlert': 'Agreement fell',
  'monitoring.sensitivityAlert': 'Sensitivity below bound',
  'monitoring.inControl': 'In control',
  'monitoring.chartTitle': 'Control chart: {site}',
  'monitoring.rule': 'Each agreed lesion lowers the sum a little, each other one raises it; the site is flagged when it reaches {limit}.',
  'monitoring.flaggedAfter': 'Flagged after {n} lesions.',
  'monitoring.statistic': 'CUSUM',
  'monitoring.limit': 'Limit',
  'monitoring.perScanner': 'Per scanner',
  'monitoring.scanner': 'Scanner',
  'monitoring.uploaded': 'Uploaded (scanner not known)',
  'models.alerts': 'Sites where a model needs attention: {sites}.',
  'models.monitoringLink': 'Model monitoring',
};
