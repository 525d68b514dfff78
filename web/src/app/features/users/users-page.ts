import { Component, computed, inject, linkedSignal, resource, signal } from '@angular/core';
import { debounce, form } from '@angular/forms/signals';
import { AuthService } from '../../core/auth/auth.service';
import { InstitutionsApi } from '../../core/data/institutions.api';
import { I18n } from '../../core/i18n/i18n.service';
import { roleLabel } from '../../core/i18n/labels';
import { type Role, ROLES } from '../../core/models/role';
import { isLocked, type User } from '../../core/models/user';
import { ActiveBadge } from '../../shared/active-status/active-badge';
import { type ActiveStatus, activeFilter } from '../../shared/active-status/active-status';
import { ActiveStatusFilter } from '../../shared/active-status/active-status-filter';
import { FORM_IMPORTS } from '../../shared/forms';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { UserCreateDialog } from './user-create-dialog';
import { UserManageDialog } from './user-manage-dialog';
import { type UsersQuery, UsersApi } from './users.api';

const PAGE_SIZE = 20;

interface Filters {
  search: string;
  institutionId: string;
  role: Role | '';
  status: ActiveStatus;
}

@Component({
  selector: 'app-users-page',
  imports: [FORM_IMPORTS, ListState, UserCreateDialog, UserManageDialog, ActiveStatusFilter, ActiveBadge],
  templateUrl: './users-page.html',
})
export class UsersPage {
  private readonly api = inject(UsersApi);
  private readonly institutionsApi = inject(InstitutionsApi);
  private readonly toasts = inject(Toasts);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly roles = ROLES;
  protected readonly roleLabel = roleLabel;
  protected readonly isLocked = isLocked;

  protected readonly filters = signal<Filters>({ search: '', institutionId: '', role: '', status: '' });
  protected readonly filterForm = form(this.filters, (path) => debounce(path.search, 300));
  /** Back to the first page whenever the filters change. */
  protected readonly offset = linkedSignal({ source: this.filters, computation: () => 0 });

  protected readonly page = resource({
    params: (): UsersQuery => {
      const { search, institutionId, role, status } = this.filters();
      return {
        ...(search.trim() ? { search: search.trim() } : {}),
        ...(institutionId ? { institutionId } : {}),
        ...(role ? { role } : {}),
        ...activeFilter(status),
        offset: this.offset(),
        limit: PAGE_SIZE,
      };
    },
    loader: ({ params, abortSignal }) => this.api.list(params, abortSignal),
  });
  protected readonly institutions = resource({ loader: ({ abortSignal }) => this.institutionsApi.list({}, abortSignal), defaultValue: [] });

  protected readonly rows = computed(() => (this.page.hasValue() ? this.page.value().items : []));
  protected readonly total = computed(() => (this.page.hasValue() ? this.page.value().total : 0));
  protected readonly institutionRows = computed(() => (this.institutions.hasValue() ? this.institutions.value() : []));
  protected readonly filtered = computed(() => Object.values(this.filters()).some((value) => value.trim() !== ''));
  protected readonly range = computed(() => ({
    from: this.total() === 0 ? 0 : this.offset() + 1,
    to: Math.min(this.offset() + PAGE_SIZE, this.total()),
    total: this.total(),
  }));

  protected readonly creating = signal(false);
  /** The account in the manage dialog, kept current as its sections save. */
  protected readonly managing = signal<User | null>(null);

  protected previousPage(): void {
    this.offset.update((offset) => Math.max(0, offset - PAGE_SIZE));
  }

  protected nextPage(): void {
    this.offset.update((offset) => offset + PAGE_SIZE);
  }

  protected created(user: User): void {
    this.creating.set(false);
    this.toasts.show({ key: 'users.saved' });
    this.page.reload();
    this.managing.set(user);
  }

  protected updated(user: User): void {
    this.managing.set(user);
    this.auth.updateUser(user);
    this.page.reload();
  }
}
