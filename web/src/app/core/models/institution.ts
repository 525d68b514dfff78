export const INSTITUTION_TYPES = ['URBAN_HOSPITAL', 'COUNTY_HOSPITAL', 'TOWNSHIP_HEALTH_CENTRE', 'TRAINING_INSTITUTE'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

export interface Institution {
  id: string;
  code: string;
  name: string;
  type: InstitutionType;
  prefecture: string;
  county: string | null;
  parentId: string | null;
  active: boolean;
}

/** The fields every screen asks for, kept in one place so queries stay in step with the model. */
export const INSTITUTION_FIELDS = 'id code name type prefecture county parentId active';
