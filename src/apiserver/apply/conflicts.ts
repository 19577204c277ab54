// The 409 an apply answers when it would change fields another manager owns. kubectl prints the
// message verbatim and tells the user to re-run with --force-conflicts, so its wording, the
// manager rendering (`"kubectl-client-side-apply" using apps/v1`) and the grouping of several
// conflicts follow kube-apiserver's NewConflictError; the causes carry one entry per field.
import { ApiError } from '../http/api-error.ts';
import type { FieldSet } from './field-set.ts';
import { describeManager } from './managers.ts';
import { formatPath } from './path-element.ts';
import type { Path } from './path-element.ts';

export interface Conflict {
  /** Identifier of the manager owning the field (see managerIdentifier). */
  readonly manager: string;
  readonly path: Path;
}

/** Conflicts in a stable order: managers by identifier, then each manager's fields in set order. */
export function conflictsFrom(byManager: ReadonlyMap<string, FieldSet>): Conflict[] {
  const out: Conflict[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    (byManager.get(manager) as FieldSet).iterate((path) => out.push({ manager, path }));
  }
  return out;
}

/** Thrown by the apply engine; `toStatus` turns it into the API error the handler answers with. */
export class ApplyConflictError extends Error {
  override readonly name = 'ApplyConflictError';

  constructor(readonly conflicts: readonly Conflict[]) {
    super(conflictMessage(conflicts));
  }

  toStatus(): ApiError {
    return applyConflictStatus(this.conflicts);
  }
}

export function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    const only = conflicts[0] as Conflict;
    return `Apply failed with 1 conflict: conflict with ${describeManager(only.manager)}: ${formatPath(only.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), formatPath(c.path)]);
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${describeManager(manager)}:`);
    for (const path of byManager.get(manager) ?? []) lines.push(`- ${path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The Status upstream's NewApplyConflict builds: reason Conflict, code 409, details with causes only. */
export function applyConflictStatus(conflicts: readonly Conflict[]): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: conflictMessage(conflicts),
    reason: 'Conflict',
    details: {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${describeManager(c.manager)}`,
        field: formatPath(c.path),
      })),
    },
    code: 409,
  });
}
