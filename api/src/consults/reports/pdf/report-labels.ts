/** The report PDF's wording in the reader's language (the web app's three: zh, ug, en). */
export type ReportLanguage = 'zh' | 'ug' | 'en';
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['zh', 'ug', 'en'];

export const asReportLanguage = (value: string | null | undefined): ReportLanguage => (REPORT_LANGUAGES.includes(value as ReportLanguage) ? (value as ReportLanguage) : 'en');

export interface ReportLabels {
  title: string;
  version: (n: number) => string;
  patient: string;
  identityWithheld: string;
  ageSex: (age: number | null, sex: string) => string;
  nationalId: string;
  birthDate: string;
  address: string;
  requestedBy: string;
  question: string;
  specialist: string;
  signed: string;
  category: string;
  recommendation: string;
  inMonths: (n: number) => string;
  findings: string;
  impression: string;
  agreement: string;
  lesion: (n: number, image: string) => string;
  agreements: Record<'AGREE' | 'PARTLY' | 'DISAGREE' | 'MISSED', string>;
  recommendations: Record<'ROUTINE_FOLLOW_UP' | 'SHORT_INTERVAL_FOLLOW_UP' | 'BIOPSY' | 'REFER', string>;
  sex: Record<string, string>;
  aiBox: (n: number, percent: number) => string;
  addedBox: (n: number, category: string) => string;
  footer: string;
}

export const REPORT_LABELS: Record<ReportLanguage, ReportLabels> = {
  en: {
    title: 'Oasis second-opinion report',
    version: (n) => `version ${n}`,
    patient: 'Patient',
    identityWithheld: 'identity not shared with the reviewing hospital',
    ageSex: (age, sex) => `${sex}${age === null ? '' : `, ${age} years`}`,
    nationalId: 'National id',
    birthDate: 'Date of birth',
    address: 'Address',
    requestedBy: 'Requested by',
    question: 'Clinical question',
    specialist: 'Specialist',
    signed: 'Signed',
    category: 'Category',
    recommendation: 'Recommendation',
    inMonths: (n) => `in ${n} months`,
    findings: 'Findings',
    impression: 'Impression',
    agreement: 'Agreement with the AI pre-read',
    lesion: (n, image) => `Lesion ${n} (${image})`,
    agreements: { AGREE: 'agree', PARTLY: 'partly agree', DISAGREE: 'disagree', MISSED: 'missed by the AI, added by the specialist' },
    recommendations: { ROUTINE_FOLLOW_UP: 'Routine follow-up', SHORT_INTERVAL_FOLLOW_UP: 'Short-interval follow-up', BIOPSY: 'Biopsy / FNA', REFER: 'Refer' },
    sex: { F: 'female', M: 'male', O: 'other', U: 'unknown' },
    aiBox: (n, p) => `${n} · AI ${p}%`,
    addedBox: (n, category) => `${n} · ${category}`,
    footer: 'The AI pre-read is a second opinion (adjunct only). This report was signed electronically; its SHA-256 above identifies the signed content. Verify it in Oasis.',
  },
  zh: {
    title: 'Oasis 远程会诊报告',
    version: (n) => `第 ${n} 版`,
    patient: '患者',
    identityWithheld: '未向会诊医院提供身份信息',
    ageSex: (age, sex) => `${sex}${age === null ? '' : `，${age} 岁`}`,
    nationalId: '身份证号',
    birthDate: '出生日期',
    address: '住址',
    requestedBy: '申请机构',
    question: '临床问题',
    specialist: '会诊专家',
    signed: '签署时间',
    category: '分级',
    recommendation: '建议',
    inMonths: (n) => `${n} 个月后`,
    findings: '所见',
    impression: '诊断意见',
    agreement: '与 AI 预读的一致性',
    lesion: (n, image) => `病灶 ${n}（${image}）`,
    agreements: { AGREE: '同意', PARTLY: '部分同意', DISAGREE: '不同意', MISSED: 'AI 漏检，专家添加' },
    recommendations: { ROUTINE_FOLLOW_UP: '常规随访', SHORT_INTERVAL_FOLLOW_UP: '短期随访', BIOPSY: '活检 / 细针穿刺', REFER: '转诊' },
    sex: { F: '女', M: '男', O: '其他', U: '未知' },
    aiBox: (n, p) => `${n} · AI ${p}%`,
    addedBox: (n, category) => `${n} · ${category}`,
    footer: 'AI 预读仅供参考（辅助）。本报告已电子签名；上方 SHA-256 标识所签内容，可在 Oasis 中核验。',
  },
  ug: {
    title: 'Oasis ئىككىنچى پىكىر دوكلاتى',
    version: (n) => `${n}-نەشرى`,
    patient: 'بىمار',
    identityWithheld: 'كىملىك ئۇچۇرى تەكشۈرگۈچى دوختۇرخانىغا بېرىلمىدى',
    ageSex: (age, sex) => `${sex}${age === null ? '' : `، ${age} ياش`}`,
    nationalId: 'كىملىك نومۇرى',
    birthDate: 'تۇغۇلغان ۋاقتى',
    address: 'ئادرېسى',
    requestedBy: 'تەلەپ قىلغان ئورۇن',
    question: 'كلىنىكىلىق سوئال',
    specialist: 'مۇتەخەسسىس',
    signed: 'ئىمزا قويۇلغان ۋاقىت',
    category: 'دەرىجە',
    recommendation: 'تەۋسىيە',
    inMonths: (n) => `${n} ئايدىن كېيىن`,
    findings: 'بايقاش',
    impression: 'خۇلاسە',
    agreement: 'AI دەسلەپكى ئوقۇشىغا قوشۇلۇش',
    lesion: (n, image) => `زەخىم ${n} (${image})`,
    agreements: { AGREE: 'قوشۇلىمەن', PARTLY: 'قىسمەن قوشۇلىمەن', DISAGREE: 'قوشۇلمايمەن', MISSED: 'AI بايقىمىغان، مۇتەخەسسىس قوشقان' },
    recommendations: { ROUTINE_FOLLOW_UP: 'دائىملىق كۆزىتىش', SHORT_INTERVAL_FOLLOW_UP: 'قىسقا مۇددەتلىك كۆزىتىش', BIOPSY: 'بىئوپسىيە / FNA', REFER: 'يۆتكەش' },
    sex: { F: 'ئايال', M: 'ئەر', O: 'باشقا', U: 'نامەلۇم' },
    aiBox: (n, p) => `${n} · AI ${p}%`,
    addedBox: (n, category) => `${n} · ${category}`,
    footer: 'AI دەسلەپكى ئوقۇشى پەقەت ياردەمچى پىكىر. بۇ دوكلاتقا ئېلېكترونلۇق ئىمزا قويۇلغان؛ يۇقىرىدىكى SHA-256 ئىمزالانغان مەزمۇننى بەلگىلەيدۇ. Oasis دا تەكشۈرۈڭ.',
  },
};

/** A time in the institution's zone with its UTC offset, e.g. 2026-12-02 20:05 (UTC+08:00). */
export function zonedTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.replace('GMT', '');
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (UTC${offset}, ${timeZone})`;
}
