import { inject, Injectable, signal } from '@angular/core';
import { InstitutionsApi } from '../../core/data/institutions.api';

/**
 * Names of institutions by id, read once from the directory (everyone signed in may read it): consults
 * carry only the ids of the requesting and the target institution.
 */
@Injectable({ providedIn: 'root' })
export class InstitutionNames {
  private readonly api = inject(InstitutionsApi);
  private readonly names = signal<ReadonlyMap<string, string>>(new Map());
  private loading: Promise<void> | null = null;

  /** The name, or null until the directory is here (or when unknown). */
  nameOf(id: string | null): string | null {
    this.load();
    return id ? (this.names().get(id) ?? null) : null;
  }

  private load(): void {
    this.loading ??= this.api
      .list()
      .then((institutions) => this.names.set(new Map(institutions.map((i) => [i.id, i.name]))))
      .catch(() => {
        this.loading = null;
      });
  }
}
