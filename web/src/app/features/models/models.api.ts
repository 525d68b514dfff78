import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import { type InferenceStatus, INFERENCE_STATUS_FIELDS, type ModelVersion, MODEL_VERSION_FIELDS } from '../../core/models/model-version';

const OVERVIEW = `query ModelsOverview { modelVersions { ${MODEL_VERSION_FIELDS} } inferenceStatus { ${INFERENCE_STATUS_FIELDS} } }`;
const ACTIVATE = `mutation ActivateModelVersion($id: ID!) { activateModelVersion(id: $id) { ${MODEL_VERSION_FIELDS} } }`;

export interface ModelsOverview {
  modelVersions: ModelVersion[];
  inferenceStatus: InferenceStatus;
}

/** The AI model registry (every role may read it) and the inference engine's state. */
@Injectable({ providedIn: 'root' })
export class ModelsApi {
  private readonly api = inject(Api);

  overview(signal?: AbortSignal): Promise<ModelsOverview> {
    return this.api.request<ModelsOverview>(OVERVIEW, undefined, signal);
  }

  /** Makes the version its region's active model (an older one: a rollback). Only admins at a root institution. */
  async activate(id: string): Promise<ModelVersion> {
    return (await this.api.request<{ activateModelVersion: ModelVersion }>(ACTIVATE, { id })).activateModelVersion;
  }
}
