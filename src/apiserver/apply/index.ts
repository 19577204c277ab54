// Server-side apply and managedFields tracking, for the PATCH handler (apply-patch+yaml) and
// every tracked write (create, update, other patches). See apply.ts and update.ts.
export { applyObject } from './apply.ts';
export type { ApplyOptions, ManagedObject } from './apply.ts';
export { updateManagedFields } from './update.ts';
export type { UpdateOptions } from './update.ts';
export { applySchemaForComponent, applySchemaFromOpenApi, deducedSchema, toApplySchema } from './apply-schema.ts';
export type { ApplySchema } from './apply-schema.ts';
export { fieldManagerFromUserAgent, MAX_UPDATE_MANAGERS } from './managers.ts';
export { LAST_APPLIED_ANNOTATION } from './last-applied.ts';
export { FieldSet } from './field-set.ts';
