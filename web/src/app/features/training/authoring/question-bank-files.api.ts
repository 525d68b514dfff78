import { inject, Injectable } from '@angular/core';
import type { DownloadedFile } from '../../../shared/save-file';
import { RestClient } from '../../studies/rest-client';
import type { QuestionFileFormat, QuestionImportReport } from '../training.models';

const bankPath = (courseId: string) => `/question-banks/${encodeURIComponent(courseId)}`;

/** A question bank file's format from its name: Oasis JSON for .json, GIFT (Moodle's .txt or .gift) otherwise. */
export const formatOfFile = (name: string): QuestionFileFormat => (name.toLowerCase().endsWith('.json') ? 'json' : 'gift');

/** The course's question bank as a file (docs/question-bank-files.md): import (checked first) and export. */
@Injectable({ providedIn: 'root' })
export class QuestionBankFilesApi {
  private readonly rest = inject(RestClient);

  /** Sent as text/plain whatever the format, so that the API reads the file itself, whatever its size. */
  async import(courseId: string, file: File, dryRun: boolean): Promise<QuestionImportReport> {
    const query = `format=${formatOfFile(file.name)}${dryRun ? '&dryRun=true' : ''}`;
    const response = await this.rest.send(`${bankPath(courseId)}/import?${query}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: file });
    return (await response.json()) as QuestionImportReport;
  }

  export(courseId: string, format: QuestionFileFormat): Promise<DownloadedFile> {
    return this.rest.download(`${bankPath(courseId)}/export?format=${format}`, `question-bank.${format === 'gift' ? 'gift.txt' : 'json'}`);
  }
}
