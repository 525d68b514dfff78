import { inject, Injectable } from '@angular/core';
import { Api } from '../graphql/api';
import { type Institution, INSTITUTION_FIELDS, type InstitutionType } from '../models/institution';

export interface InstitutionsFilter {
  search?: string;
  type?: InstitutionType;
  active?: boolean;
}

export interface InstitutionInput {
  code: string;
  name: string;
  type: InstitutionType;
  prefecture: string;
  county: string | null;
  parentId: string | null;
}

const LIST = `query Institutions($filter: InstitutionsFilter) { institutions(filter: $filter) { ${INSTITUTION_FIELDS} } }`;
const CREATE = `mutation CreateInstitution($input: CreateInstitutionInput!) { createInstitution(input: $input) { ${INSTITUTION_FIELDS} } }`;
const UPDATE = `mutation UpdateInstitution($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { ${INSTITUTION_FIELDS} } }`;
const SET_ACTIVE = `mutation SetInstitutionActive($id: ID!, $active: Boolean!) { setInstitutionActive(id: $id, active: $active) { ${INSTITUTION_FIELDS} } }`;

/** The institution directory: listed by the institutions screen, picked from by the users screen. */
@Injectable({ providedIn: 'root' })
export class InstitutionsApi {
  private readonly api = inject(Api);

  async list(filter: InstitutionsFilter = {}, signal?: AbortSignal): Promise<Institution[]> {
    return (await this.api.request<{ institutions: Institution[] }>(LIST, { filter }, signal)).institutions;
  }

  async create(input: InstitutionInput): Promise<Institution> {
    return (await this.api.request<{ createInstitution: Institution }>(CREATE, { input })).createInstitution;
  }

  /** The code cannot change after creation. */
  async update(id: string, { code: _code, ...changes }: InstitutionInput): Promise<Institution> {
    return (await this.api.request<{ updateInstitution: Institution }>(UPDATE, { input: { id, ...changes } })).updateInstitution;
  }

  async setActive(id: string, active: boolean): Promise<Institution> {
    return (await this.api.request<{ setInstitutionActive: Institution }>(SET_ACTIVE, { id, active })).setInstitutionActive;
  }
}
