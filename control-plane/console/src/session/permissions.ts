import type { Identity } from '../api/types';

// What the signed-in caller may do, from GET /api/v1/identity: the console shows only these
// buttons; the server checks every call again.

export function isAdmin(identity: Identity): boolean {
  return identity.admin;
}

/** Whether the caller may submit, cancel and upload in a workspace, or (without one) in any. */
export function canEdit(identity: Identity, workspace?: string): boolean {
  if (identity.admin) return true;
  return identity.workspaces.some((grant) => grant.role === 'editor' && (workspace === undefined || grant.workspace === workspace));
}

/** The workspaces the caller may submit to; undefined for an admin, who may submit anywhere. */
export function editableWorkspaces(identity: Identity): string[] | undefined {
  if (identity.admin) return undefined;
  return identity.workspaces.filter((grant) => grant.role === 'editor').map((grant) => grant.workspace);
}

export function describeIdentity(identity: Identity): string {
  if (identity.admin) return 'admin';
  const roles = identity.workspaces.map((grant) => `${grant.role} in ${grant.workspace}`);
  return roles.length ? roles.join(', ') : 'no role';
}
