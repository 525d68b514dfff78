import type { Page } from 'playwright-core';
import { Institution } from '../../api/src/identity/institution.entity.js';
import { createStudy, registerPatient } from '../../api/src/testing/clinical-fixtures.js';
import type { TestApp } from '../../api/src/testing/test-app.js';
import { signInAs, waitForLanguage } from './sign-in.js';

/** A consult asked by the township doctor and claimed by the specialist, so that a call can start on it. */
export async function claimedConsult(api: TestApp, patientName: string): Promise<string> {
  const ids = Object.fromEntries((await api.dataSource.getRepository(Institution).find()).map((i) => [i.code, i.id]));
  const doctor = await api.signIn('doctor');
  const studyId = await createStudy(api, doctor, await registerPatient(api, doctor, ids['KS-SF-T01'], patientName));
  const asked = await api.gql<{ requestConsult: { id: string } }>(
    'mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }',
    { i: { studyId, clinicalQuestion: 'Can we talk it through on video?' } },
    doctor,
  );
  const consultId = asked.data!.requestConsult.id;
  const claimed = await api.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, await api.signIn('specialist'));
  if (claimed.errors) throw new Error(`claimConsult: ${JSON.stringify(claimed.errors)}`);
  return consultId;
}

/** Signs in as a demo clinician, switches to `lang` and opens the consult with its live updates on. */
export async function openConsultPage(page: Page, username: 'doctor' | 'specialist', consultId: string, lang: 'en' | 'zh' | 'ug' = 'en'): Promise<Page> {
  await signInAs(page, username);
  await page.getByTestId(`lang-${lang}`).click();
  await waitForLanguage(page, lang);
  await page.goto(`/consults/${consultId}`);
  await page.locator('[data-testid=consult-live][data-state=on]').waitFor();
  return page;
}
