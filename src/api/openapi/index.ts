// OpenAPI v3 for kubectl (`explain`, client-side apply, the fieldValidation check) and for the
// server's own readers of the schemas (request decoding, strategic merge patch).
export { openApiSchemas, servedKinds } from './schemas.ts';
export type { OpenApiSchemas } from './schemas.ts';
export { openApiDocument, openApiDocumentAt, openApiIndex, serializedOpenApiDocument } from './document.ts';
export type { OpenApiDocument, OpenApiIndex, SerializedOpenApiDocument } from './document.ts';
export { PATCH_CONTENT_TYPES, groupVersionPrefix } from './paths.ts';
export {
  INT_OR_STRING,
  OBJECT_META,
  QUANTITY,
  RAW_EXTENSION,
  REF_PREFIX,
  TIME,
  isSchemaObject,
  kindSchemaId,
  refId,
} from './refs.ts';
export type { JsonSchema } from './refs.ts';
export { buildSwaggerDocument, serializedSwaggerDocument, swaggerDocument } from './v2/document.ts';
export type { SerializedSwaggerDocument, SwaggerDocument } from './v2/document.ts';
export { DEFINITIONS_PREFIX, toSwaggerSchema } from './v2/schemas.ts';
