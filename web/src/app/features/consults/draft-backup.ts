import type { SaveReportInput } from '../../core/models/consult-report';

/**
 * The report form's edits not yet confirmed by the server, kept in this tab's sessionStorage so that a reload
 * or a cut link loses nothing (and nothing outlives the tab). `baseRevision` is the server revision they were
 * made on: after a reload they are saved again if the draft is still at it, or shown beside it if not.
 */
const key = (consultId: string) => `oasis.report-draft.${consultId}`;

export function readBackup(consultId: string): SaveReportInput | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key(consultId)) ?? 'null') as SaveReportInput | null;
    return stored?.consultId === consultId ? stored : null;
  } catch {
    return null;
  }
}

export function writeBackup(input: SaveReportInput): void {
  try {
    sessionStorage.setItem(key(input.consultId), JSON.stringify(input));
  } catch {
    /* storage full or disabled: the server save still runs */
  }
}

export function clearBackup(consultId: string): void {
  sessionStorage.removeItem(key(consultId));
}
