import type { MessageKey } from '../core/i18n/messages/en';
import type { Role } from '../core/models/role';

export interface NavItem {
  id: string;
  path: string;
  label: MessageKey;
  /** Only people holding this role see the item. */
  role?: Role;
  exact?: boolean;
}

/** Only screens that exist are listed. */
export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'home', path: '/', label: 'nav.home', exact: true },
  { id: 'institutions', path: '/institutions', label: 'nav.institutions', role: 'ADMIN' },
  { id: 'users', path: '/users', label: 'nav.users', role: 'ADMIN' },
  { id: 'audit', path: '/audit', label: 'nav.audit', role: 'ADMIN' },
];
