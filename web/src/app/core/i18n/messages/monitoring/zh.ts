import type { monitoringEn } from './en';

/** 模型监测（上市后监测）的中文文本。 */
export const monitoringZh: Record<keyof typeof monitoringEn, string> = {
  'nav.monitoring': '模型监测',
  'monitoring.title': '模型监测',
  'monitoring.intro': '各 AI 模型在您所辖各站点的表现：逐病灶与专家的一致性；有病理结果时，敏感度、特异度和 AUC，均附 95% 置信区间。报警站点排在前面。',
  'monitoring.empty': '您所辖站点尚无专家评估过 AI 发现。',
  'monitoring.site': '站点',
  'monitoring.model': '模型',
  'monitoring.lesions': '已评估病灶',
  'monitoring.agreement': '一致率',
  'monitoring.sensitivity': '敏感度',
  'monitoring.specificity': '特异度',
  'monitoring.auc': 'AUC',
  'monitoring.agreementAlert': '一致率下降',
  'monitoring.sensitivityAlert': '敏感度低于下限',
  'monitoring.inControl': '受控',
  'monitoring.chartTitle': '控制图：{site}',
  'monitoring.rule': '每个一致的病灶使累积和略降，其余的使其上升；达到 {limit} 时报警。',
  'monitoring.flaggedAfter': '在第 {n} 个病灶后报警。',
  'monitoring.statistic': 'CUSUM',
  'monitoring.limit': '界限',
  'monitoring.perScanner': '按设备',
  'monitoring.scanner': '设备',
  'monitoring.uploaded': '上传（设备未知）',
  'models.alerts': '需要关注模型的站点：{sites}。',
  'models.monitoringLink': '模型监测',
};
