// The patch engines the PATCH handler dispatches to by Content-Type, and their errors.
export { applyJsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.ts';
export { applyMergePatch } from './merge-patch.ts';
export { applyStrategicMergePatch } from './strategic-merge-patch.ts';
export { patchSchemaForComponent, patchSchemaFromOpenApi, unknownPatchSchema } from './schema.ts';
export type { PatchSchema } from './schema.ts';
export {
  InvalidPatchDirectiveError,
  MalformedPatchError,
  PatchApplyError,
  PatchError,
  PatchSchemaError,
  PatchTooLargeError,
  StrategicMergePatchError,
} from './errors.ts';
export type { PatchErrorReason, PatchErrorStatus } from './errors.ts';
export type { JsonObject, JsonValue } from './json-value.ts';
