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
  { id: 'follow-up', path: '/follow-up', label: 'nav.followUp', roles: ['TOWNSHIP_DOCTOR', 'SPECIALIST'] },
  // Everyone takes training (the policy's training.take); admins hold no certificates of their own to list.
  { id: 'training', path: '/training', label: 'nav.training' },
  { id: 'certificates', path: '/training/certificates', label: 'nav.certificates', roles: ['TRAINEE', 'TOWNSHIP_DOCTOR', 'SPECIALIST', 'TRAINER'] },
  { id: 'institutions', path: '/institutions', label: 'nav.institutions', roles: ['ADMIN'] },
  { id: 'users', path: '/users', label: 'nav.users', roles: ['ADMIN'] },
  { id: 'audit', path: '/audit', label: 'nav.audit', roles: ['ADMIN'] },
  { id: 'break-glass', path: '/break-glass', label: 'nav.breakGlass', roles: ['ADMIN'] },
  { id: 'escalations', path: '/follow-up/escalations', label: 'nav.escalations', roles: ['ADMIN'] },
  { id: 'pacs', path: '/pacs', label: 'nav.pacs', roles: ['ADMIN'] },
  { id: 'dashboard', path: '/dashboard', label: 'nav.dashboard', roles: ['ADMIN', 'TOWNSHIP_DOCTOR', 'SPECIALIST', 'TRAINER'] },
  { id: 'models', path: '/models', label: 'nav.models' },
  { id: 'monitoring', path: '/models/monitoring', label: 'nav.monitoring', roles: ['ADMIN'] },
];

/**
 * The one item to highlight for a URL: the longest path that is the URL or a parent of it (so the certificates
 * page under /training highlights Certificates, not Training as well). An `exact` item matches only itself.
 */
export function activeNavItem(items: readonly NavItem[], url: string): string | null {
  const path = url.split(/[?#]/)[0]!.replace(/\/+$/, '') || '/';
  const matches = items.filter((item) => (item.exact ? path === item.path : path === item.path || path.startsWith(`${item.path}/`)));
  return matches.sort((a, b) => b.path.length - a.path.length)[0]?.id ?? null;
}
