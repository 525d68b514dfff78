/**
 * Version 1 of what an audit row's hash covers, as SQL over a row (`NEW` in the trigger, a table alias in the
 * verifier): its chain position and every column, as one jsonb array rendered as text (PostgreSQL renders jsonb
 * canonically). The hash is sha256(previous row's hash || this text), hex. Frozen: the migration that installs
 * the trigger uses it, so a change would be a new version with a new migration.
 */
export function auditCanonicalV1(row: string, chain = { day: `${row}.chain_day`, lane: `${row}.chain_lane`, seq: `${row}.chain_seq` }): string {
  const columns = ['id', 'actor_user_id', 'actor_username', 'action', 'resource_type', 'resource_id', 'institution_id', 'outcome', 'code', 'ip', 'user_agent', 'request_id', 'details'];
  const occurredAt = `to_char(${row}.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  return `jsonb_build_array(${chain.day}::text, ${chain.lane}, ${chain.seq}, ${occurredAt}, ${columns.map((c) => `${row}.${c}`).join(', ')})::text`;
}

/** Audit rows are spread over this many chains per day, so concurrent writers rarely wait on one chain head. */
export const AUDIT_CHAIN_LANES = 16;
