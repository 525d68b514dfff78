/** The "status" filter of lists whose rows can be deactivated: all, active only, inactive only. */
export type ActiveStatus = '' | 'active' | 'inactive';

/** As the API's `active` filter: absent for "all". */
export const activeFilter = (status: ActiveStatus): { active?: boolean } => (status ? { active: status === 'active' } : {});
