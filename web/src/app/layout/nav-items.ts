import type { MessageKey } from '../core/i18n/messages/en';
import type { Role } from '../core/models/role';

export interface NavItem {
  id: string;
  path: string;
  label: MessageKey;
  /** Only people holding one of these roles see the item; everyone when absent. */
  roles?: readonly Role[];
  exact?: boolean;
}

/** Only screens that exist are listed. */
export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'home', path: '/', label: 'nav.home', exact: true },
  { id: 'patients', path: '/patients', label: 'nav.patients', roles: ['TOWNSHIP_DOCTOR', 'SPECIALIST'] },
  { id: 'worklist', path: '/worklist', label: 'nav.worklist', roles: ['SPECIALIST'] },
  { id: 'consults', path: '/consults', label: 'nav.consults', roles: ['TOWNSHIP_DOCTOR', 'SPECIALIST'] },
  { id: 'training', path: '/training', label: 'nav.training', roles: ['TRAINER', 'TRAINEE', 'ADMIN'] },
  { id: 'certificates', path: '/training/certificates', label: 'nav.certificates', roles: ['TRAINEE'] },
  { id: 'institutions', path: '/institutions', label: 'nav.institutions', roles: ['ADMIN'] },
  { id: 'users', path: '/users', label: 'nav.users', roles: ['ADMIN'] },
  { id: 'audit', path: '/audit', label: 'nav.audit', roles: ['ADMIN'] },
  { id: 'break-glass', path: '/break-glass', label: 'nav.breakGlass', roles: ['ADMIN'] },
  { id: 'pacs', path: '/pacs', label: 'nav.pacs', roles: ['ADMIN'] },
  { id: 'models', path: '/models', label: 'nav.models' },
];
