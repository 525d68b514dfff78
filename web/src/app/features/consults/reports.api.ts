import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import { I18n } from '../../core/i18n/i18n.service';
import { Subscriptions, type SubscriptionHandlers } from '../../core/graphql/subscriptions';
import { CONSULT_HISTORY_FIELDS, type ConsultWithHistory } from '../../core/models/consult';
import {
  type ConsultMessage,
  type ConsultReport,
  MESSAGE_FIELDS,
  REPORT_FIELDS,
  type ReportVerification,
  type SaveReportInput,
} from '../../core/models/consult-report';
import { RestClient } from '../studies/rest-client';
import type { DownloadedFile } from '../../shared/save-file';

const VERSIONS = `query ConsultReports($id: ID!) { consult(id: $id) { id reportVersions { ${REPORT_FIELDS} } } }`;
const SAVE = `mutation SaveConsultReport($input: SaveReportInput!) { saveConsultReport(input: $input) { ${REPORT_FIELDS} } }`;
const SUBMIT = `mutation SubmitConsultReport($id: ID!) { submitConsultReport(consultId: $id) { ${CONSULT_HISTORY_FIELDS} } }`;
const PREVIEW = `mutation PreviewConsultReport($id: ID!) { previewConsultReport(consultId: $id) { ${REPORT_FIELDS} } }`;
const SIGN = `mutation SignConsultReport($input: SignReportInput!) { signConsultReport(input: $input) { ${REPORT_FIELDS} } }`;
const AMEND = `mutation AmendConsultReport($id: ID!) { amendConsultReport(consultId: $id) { ${REPORT_FIELDS} } }`;
const VERIFY = `query VerifyConsultReport($id: ID!) { verifyConsultReport(reportId: $id) { reportId valid contentHashMatches pdfIntact contentHash } }`;
const MESSAGES = `query ConsultMessages($id: ID!) { consult(id: $id) { id messages { ${MESSAGE_FIELDS} } } }`;
const POST = `mutation PostConsultMessage($input: PostMessageInput!) { postConsultMessage(input: $input) { ${MESSAGE_FIELDS} } }`;
const POSTED = `subscription ConsultMessagePosted($id: ID!) { consultMessagePosted(consultId: $id) { ${MESSAGE_FIELDS} } }`;

/**
 * The consult page's report and case messages: the specialist's drafts, submission, signature and
 * amendments; the signed versions with their PDF (GET /reports/:id/pdf) and verification; messages, live.
 */
@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly api = inject(Api);
  private readonly rest = inject(RestClient);
  private readonly subscriptions = inject(Subscriptions);
  private readonly i18n = inject(I18n);

  /** Every version of the consult's report, oldest first. */
  async versions(consultId: string, signal?: AbortSignal): Promise<ConsultReport[]> {
    return (await this.api.request<{ consult: { reportVersions: ConsultReport[] } }>(VERSIONS, { id: consultId }, signal)).consult.reportVersions;
  }

  async save(input: SaveReportInput): Promise<ConsultReport> {
    return (await this.api.request<{ saveConsultReport: ConsultReport }>(SAVE, { input })).saveConsultReport;
  }

  /** IN_REVIEW → REPORTED; answers the consult as it now stands. */
  async submit(consultId: string): Promise<ConsultWithHistory> {
    return (await this.api.request<{ submitConsultReport: ConsultWithHistory }>(SUBMIT, { id: consultId })).submitConsultReport;
  }

  /** Renders the draft as it would be signed; its PDF is then at previewPdf(). */
  async preview(consultId: string): Promise<ConsultReport> {
    return (await this.api.request<{ previewConsultReport: ConsultReport }>(PREVIEW, { id: consultId })).previewConsultReport;
  }

  async previewPdf(reportId: string): Promise<Blob> {
    return (await this.rest.send(`/reports/${encodeURIComponent(reportId)}/preview`, { method: 'GET' })).blob();
  }

  /** REPORTED or AMENDED → SIGNED: signs the preview shown (its content hash), after the password again. */
  async sign(consultId: string, password: string, contentHash: string): Promise<ConsultReport> {
    return (await this.api.request<{ signConsultReport: ConsultReport }>(SIGN, { input: { consultId, password, contentHash } })).signConsultReport;
  }

  /** SIGNED → AMENDED: a new draft version, starting from the signed one. */
  async amend(consultId: string): Promise<ConsultReport> {
    return (await this.api.request<{ amendConsultReport: ConsultReport }>(AMEND, { id: consultId })).amendConsultReport;
  }

  async verify(reportId: string): Promise<ReportVerification> {
    return (await this.api.request<{ verifyConsultReport: ReportVerification }>(VERIFY, { id: reportId })).verifyConsultReport;
  }

  /** The signed report's PDF in the language on screen (the reader's copy), with the file name from Content-Disposition. */
  async pdf(reportId: string): Promise<DownloadedFile> {
    return this.rest.download(`/reports/${encodeURIComponent(reportId)}/pdf?lang=${this.i18n.locale()}`, `oasis-report-${reportId.slice(0, 8)}.pdf`);
  }

  async messages(consultId: string, signal?: AbortSignal): Promise<ConsultMessage[]> {
    return (await this.api.request<{ consult: { messages: ConsultMessage[] } }>(MESSAGES, { id: consultId }, signal)).consult.messages;
  }

  async post(consultId: string, body: string): Promise<ConsultMessage> {
    return (await this.api.request<{ postConsultMessage: ConsultMessage }>(POST, { input: { consultId, body } })).postConsultMessage;
  }

  /** New messages on one consult; returns the function that stops listening. */
  posted(consultId: string, handlers: SubscriptionHandlers<ConsultMessage>): () => void {
    return this.subscriptions.subscribe<{ consultMessagePosted: ConsultMessage }>(
      POSTED,
      { ...handlers, next: (data) => handlers.next(data.consultMessagePosted) },
      { id: consultId },
    );
  }
}
