// protobufjs descriptors of gnostic's `openapi.v2` messages: the protobuf form of a Swagger 2.0
// document that client-go's `OpenAPISchema()` asks for (Accept
// `application/com.github.proto-openapi.spec.v2@v1.0+protobuf`) and decodes as
// `openapi_v2.Document`. Field numbers are wire facts, read from google/gnostic's
// `openapiv2/OpenAPIv2.proto` (gnostic-models carries the same file); the names are this project's
// camelCase, which the wire never sees.
//
// Only what kubesvc's document can hold is declared: a field left out here is one the encoder
// never writes (xml, externalDocs, headers, examples, file schemas, OAuth2 security). The file is
// proto3, so these are proto3 messages (protobufjs's default for JSON descriptors).
import type { IField, IOneOf, IType } from 'protobufjs';

export const GNOSTIC_PACKAGE = 'openapi.v2';
export const DOCUMENT = `${GNOSTIC_PACKAGE}.Document`;

const str = (id: number): IField => ({ type: 'string', id });
const bool = (id: number): IField => ({ type: 'bool', id });
const dbl = (id: number): IField => ({ type: 'double', id });
const i64 = (id: number): IField => ({ type: 'int64', id });
const msg = (type: string, id: number): IField => ({ type, id });
const list = (type: string, id: number): IField => ({ type, id, rule: 'repeated' });
const strList = (id: number): IField => list('string', id);
/** gnostic names every member set of a oneof `oneof`. */
const oneof = (...members: string[]): Record<string, IOneOf> => ({ oneof: { oneof: members } });

/** The constraints a non-body parameter shares with its items, numbered from `first` (type). */
function primitiveFields(first: number): Record<string, IField> {
  const n = (offset: number) => first + offset;
  return {
    type: str(n(0)),
    format: str(n(1)),
    items: msg('PrimitivesItems', n(2)),
    collectionFormat: str(n(3)),
    default: msg('Any', n(4)),
    maximum: dbl(n(5)),
    exclusiveMaximum: bool(n(6)),
    minimum: dbl(n(7)),
    exclusiveMinimum: bool(n(8)),
    maxLength: i64(n(9)),
    minLength: i64(n(10)),
    pattern: str(n(11)),
    maxItems: i64(n(12)),
    minItems: i64(n(13)),
    uniqueItems: bool(n(14)),
    enum: list('Any', n(15)),
    multipleOf: dbl(n(16)),
    vendorExtension: list('NamedAny', n(17)),
  };
}

/** Header and path parameters: required, in, description, name, then the primitive fields from 5. */
const headerOrPathParameter: IType = {
  fields: { required: bool(1), in: str(2), description: str(3), name: str(4), ...primitiveFields(5) },
};

/** Query and form parameters: as above plus allowEmptyValue = 5, so the primitive fields start at 6. */
const queryOrFormParameter: IType = {
  fields: { required: bool(1), in: str(2), description: str(3), name: str(4), allowEmptyValue: bool(5), ...primitiveFields(6) },
};

const named = (valueType: string): IType => ({ fields: { name: str(1), value: msg(valueType, 2) } });

export const GNOSTIC_TYPES: Readonly<Record<string, IType>> = {
  Document: {
    fields: {
      swagger: str(1),
      info: msg('Info', 2),
      host: str(3),
      basePath: str(4),
      schemes: strList(5),
      consumes: strList(6),
      produces: strList(7),
      paths: msg('Paths', 8),
      definitions: msg('Definitions', 9),
      security: list('SecurityRequirement', 12),
      securityDefinitions: msg('SecurityDefinitions', 13),
      vendorExtension: list('NamedAny', 16),
    },
  },
  Info: {
    fields: { title: str(1), version: str(2), description: str(3), termsOfService: str(4), vendorExtension: list('NamedAny', 7) },
  },
  Paths: { fields: { vendorExtension: list('NamedAny', 1), path: list('NamedPathItem', 2) } },
  NamedPathItem: named('PathItem'),
  PathItem: {
    fields: {
      ref: str(1),
      get: msg('Operation', 2),
      put: msg('Operation', 3),
      post: msg('Operation', 4),
      delete: msg('Operation', 5),
      options: msg('Operation', 6),
      head: msg('Operation', 7),
      patch: msg('Operation', 8),
      parameters: list('ParametersItem', 9),
      vendorExtension: list('NamedAny', 10),
    },
  },
  Operation: {
    fields: {
      tags: strList(1),
      summary: str(2),
      description: str(3),
      operationId: str(5),
      produces: strList(6),
      consumes: strList(7),
      parameters: list('ParametersItem', 8),
      responses: msg('Responses', 9),
      schemes: strList(10),
      deprecated: bool(11),
      vendorExtension: list('NamedAny', 13),
    },
  },
  ParametersItem: { oneofs: oneof('parameter', 'jsonReference'), fields: { parameter: msg('Parameter', 1), jsonReference: msg('JsonReference', 2) } },
  JsonReference: { fields: { ref: str(1), description: str(2) } },
  Parameter: {
    oneofs: oneof('bodyParameter', 'nonBodyParameter'),
    fields: { bodyParameter: msg('BodyParameter', 1), nonBodyParameter: msg('NonBodyParameter', 2) },
  },
  BodyParameter: {
    fields: { description: str(1), name: str(2), in: str(3), required: bool(4), schema: msg('Schema', 5), vendorExtension: list('NamedAny', 6) },
  },
  NonBodyParameter: {
    oneofs: oneof('headerParameterSubSchema', 'formDataParameterSubSchema', 'queryParameterSubSchema', 'pathParameterSubSchema'),
    fields: {
      headerParameterSubSchema: msg('HeaderParameterSubSchema', 1),
      formDataParameterSubSchema: msg('FormDataParameterSubSchema', 2),
      queryParameterSubSchema: msg('QueryParameterSubSchema', 3),
      pathParameterSubSchema: msg('PathParameterSubSchema', 4),
    },
  },
  HeaderParameterSubSchema: headerOrPathParameter,
  PathParameterSubSchema: headerOrPathParameter,
  QueryParameterSubSchema: queryOrFormParameter,
  FormDataParameterSubSchema: queryOrFormParameter,
  // type = 1 … vendor_extension = 18: the primitive fields from 1.
  PrimitivesItems: { fields: primitiveFields(1) },
  Responses: { fields: { responseCode: list('NamedResponseValue', 1), vendorExtension: list('NamedAny', 2) } },
  NamedResponseValue: named('ResponseValue'),
  ResponseValue: { oneofs: oneof('response', 'jsonReference'), fields: { response: msg('Response', 1), jsonReference: msg('JsonReference', 2) } },
  Response: { fields: { description: str(1), schema: msg('SchemaItem', 2), vendorExtension: list('NamedAny', 5) } },
  SchemaItem: { oneofs: oneof('schema'), fields: { schema: msg('Schema', 1) } },
  Schema: {
    fields: {
      ref: str(1),
      format: str(2),
      title: str(3),
      description: str(4),
      default: msg('Any', 5),
      multipleOf: dbl(6),
      maximum: dbl(7),
      exclusiveMaximum: bool(8),
      minimum: dbl(9),
      exclusiveMinimum: bool(10),
      maxLength: i64(11),
      minLength: i64(12),
      pattern: str(13),
      maxItems: i64(14),
      minItems: i64(15),
      uniqueItems: bool(16),
      maxProperties: i64(17),
      minProperties: i64(18),
      required: strList(19),
      enum: list('Any', 20),
      additionalProperties: msg('AdditionalPropertiesItem', 21),
      type: msg('TypeItem', 22),
      items: msg('ItemsItem', 23),
      allOf: list('Schema', 24),
      properties: msg('Properties', 25),
      discriminator: str(26),
      readOnly: bool(27),
      example: msg('Any', 30),
      vendorExtension: list('NamedAny', 31),
    },
  },
  AdditionalPropertiesItem: { oneofs: oneof('schema', 'boolean'), fields: { schema: msg('Schema', 1), boolean: bool(2) } },
  TypeItem: { fields: { value: strList(1) } },
  ItemsItem: { fields: { schema: list('Schema', 1) } },
  Properties: { fields: { additionalProperties: list('NamedSchema', 1) } },
  Definitions: { fields: { additionalProperties: list('NamedSchema', 1) } },
  NamedSchema: named('Schema'),
  /** A value of any JSON type, as YAML text; field 1 (a google.protobuf.Any) is never written. */
  Any: { fields: { yaml: str(2) } },
  NamedAny: named('Any'),
  SecurityRequirement: { fields: { additionalProperties: list('NamedStringArray', 1) } },
  NamedStringArray: named('StringArray'),
  StringArray: { fields: { value: strList(1) } },
  SecurityDefinitions: { fields: { additionalProperties: list('NamedSecurityDefinitionsItem', 1) } },
  NamedSecurityDefinitionsItem: named('SecurityDefinitionsItem'),
  SecurityDefinitionsItem: {
    oneofs: oneof('basicAuthenticationSecurity', 'apiKeySecurity'),
    fields: { basicAuthenticationSecurity: msg('BasicAuthenticationSecurity', 1), apiKeySecurity: msg('ApiKeySecurity', 2) },
  },
  BasicAuthenticationSecurity: { fields: { type: str(1), description: str(2), vendorExtension: list('NamedAny', 3) } },
  ApiKeySecurity: { fields: { type: str(1), name: str(2), in: str(3), description: str(4), vendorExtension: list('NamedAny', 5) } },
};
