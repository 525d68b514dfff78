import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';

export interface RegionCounts {
  institutions: number;
  users: number;
}

const COUNTS = 'query HomeCounts { institutions { id } users(filter: { limit: 1 }) { total } }';

@Injectable({ providedIn: 'root' })
export class HomeApi {
  private readonly api = inject(Api);

  /** What an administrator manages: institutions in the directory and people in their scope. */
  async counts(signal?: AbortSignal): Promise<RegionCounts> {
    const data = await this.api.request<{ institutions: { id: string }[]; users: { total: number } }>(COUNTS, undefined, signal);
    return { institutions: data.institutions.length, users: data.users.total };
  }
}
