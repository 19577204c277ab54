// Strategic-merge-patch metadata for each kind, read from the same generated OpenAPI schemas
// that `kubectl explain` and client-side apply read, so the merge keys have one source.
import { kindSchemaId, openApiSchemas } from '../api/openapi/index.ts';
import type { GroupVersionKind } from '../api/resources.ts';
import { patchSchemaForComponent, type PatchSchema } from './patch/index.ts';

export function patchSchemaFor(kind: GroupVersionKind): PatchSchema {
  return patchSchemaForComponent(kindSchemaId(kind), openApiSchemas());
}
