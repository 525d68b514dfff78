import type { ScannerMessages } from './en';

/** 来自超声设备的图像（简体中文） */
export const scannerZh: ScannerMessages = {
  'nav.scannerInbox': '设备来图',
  'scannerInbox.title': '来自超声设备的图像',
  'scannerInbox.intro': '设备发来的图像中，Oasis 无法确定所属患者的在这里等待。请指明患者：图像随即归入检查，若患者已同意，AI 辅助意见将自动运行。',
  'scannerInbox.empty': '没有待处理的图像：设备发来的图像都已找到患者。',
  'scannerInbox.received': '{time} 收到，来自 {device}',
  'scannerInbox.images': '{count} 幅图像',
  'scannerInbox.tags': '图像上的信息',
  'scannerInbox.noName': '无姓名',
  'scannerInbox.birthDate': '出生于 {date}',
  'scannerInbox.patientId': '设备上的编号：{id}',
  'scannerInbox.candidates': '匹配的已登记患者',
  'scannerInbox.confirm': '是 {name}',
  'scannerInbox.register': '登记为新患者',
  'scannerInbox.registerHint': '没有匹配：按图像上的姓名、性别和出生日期登记患者。',
  'scannerInbox.filed': '图像已归入新的检查。',
  'study.fromScanner': '来自设备',
};
