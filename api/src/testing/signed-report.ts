import type { TestApp } from './test-app.js';

const PASSWORD = 'Oasis-specialist-2026';

/** A consult on the study, taken, reported and signed by the demo specialist; the signed report's id. */
export async function signedReport(t: TestApp, doctor: string, specialist: string, studyId: string): Promise<string> {
  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const result = await t.gql(query, variables, token);
    if (result.errors) throw new Error(`signedReport: ${JSON.stringify(result.errors)}`);
    return result.data!;
  };
  const consultId = (await gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Biopsy or follow-up?' } }, doctor)).requestConsult.id;
  await gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, specialist);
  await gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', { id: consultId }, specialist);
  const report = { consultId, baseRevision: 0, findings: 'Irregular hypoechoic mass, 12 mm.', impression: 'Suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' };
  await gql('mutation($i: SaveReportInput!) { saveConsultReport(input: $i) { id } }', { i: report }, specialist);
  await gql('mutation($id: ID!) { submitConsultReport(consultId: $id) { status } }', { id: consultId }, specialist);
  const preview = (await gql('mutation($id: ID!) { previewConsultReport(consultId: $id) { id previewContentHash } }', { id: consultId }, specialist)).previewConsultReport;
  await gql('mutation($i: SignReportInput!) { signConsultReport(input: $i) { id } }', { i: { consultId, password: PASSWORD, contentHash: preview.previewContentHash } }, specialist);
  return preview.id as string;
}
