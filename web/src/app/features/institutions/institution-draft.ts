import { maxLength, minLength, pattern, readonly, required, schema } from '@angular/forms/signals';
import type { InstitutionInput } from '../../core/data/institutions.api';
import type { Institution, InstitutionType } from '../../core/models/institution';

/** What the form edits: every value a string, '' meaning "none". */
export interface InstitutionDraft {
  code: string;
  name: string;
  type: InstitutionType | '';
  prefecture: string;
  county: string;
  parentId: string;
}

/** The same rules the API applies (CreateInstitutionInput), checked before sending. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

export const institutionSchema = (isNew: () => boolean) =>
  schema<InstitutionDraft>((path) => {
    readonly(path.code, () => !isNew());
    required(path.code, { when: isNew });
    pattern(path.code, CODE_PATTERN, { message: 'validation.code', when: isNew });
    required(path.name);
    minLength(path.name, 2);
    maxLength(path.name, 200);
    required(path.type);
    required(path.prefecture);
    maxLength(path.prefecture, 100);
    maxLength(path.county, 100);
  });

export const toDraft = (institution: Institution | null): InstitutionDraft => ({
  code: institution?.code ?? '',
  name: institution?.name ?? '',
  type: institution?.type ?? '',
  prefecture: institution?.prefecture ?? '',
  county: institution?.county ?? '',
  parentId: institution?.parentId ?? '',
});

export const toInput = (draft: InstitutionDraft): InstitutionInput => ({
  code: draft.code.trim().toUpperCase(),
  name: draft.name.trim(),
  type: draft.type as InstitutionType,
  prefecture: draft.prefecture.trim(),
  county: draft.county.trim() || null,
  parentId: draft.parentId || null,
});
