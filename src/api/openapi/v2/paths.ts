// The OpenAPI v3 path items rewritten in Swagger 2.0 form. The operations are the same; what
// differs is how they are written down:
// - a parameter states its type itself (`type: string`) rather than in a `schema`;
// - a request body is a parameter `in: body` named `body`, its media types the operation's
//   `consumes` (`*/*` when it takes no body, as upstream writes);
// - a response holds its `schema` directly, its media types the operation's `produces`.
// kubectl reads one thing here: when the v3 document cannot answer whether the server validates
// fields, it looks for `fieldValidation` among the parameters of the kind's PATCH operation.
import { isSchemaObject } from '../refs.ts';
import type { JsonSchema } from '../refs.ts';
import { toSwaggerSchema } from './schemas.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** One path item in v2 form. Pure. */
export function toSwaggerPathItem(item: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(item)) {
    if ((METHODS as readonly string[]).includes(key) && isSchemaObject(value)) out[key] = toSwaggerOperation(value);
    else if (key === 'parameters' && Array.isArray(value)) out[key] = value.filter(isSchemaObject).map(toSwaggerParameter);
    else if (key.startsWith('x-')) out[key] = value;
  }
  return out;
}

function toSwaggerOperation(operation: JsonSchema): JsonSchema {
  const { requestBody, parameters, responses, ...rest } = operation;
  const params = Array.isArray(parameters) ? parameters.filter(isSchemaObject).map(toSwaggerParameter) : [];
  const body = isSchemaObject(requestBody) ? bodyParameter(requestBody) : undefined;
  if (body) params.push(body.parameter);
  const converted = isSchemaObject(responses) ? toSwaggerResponses(responses) : { responses: {}, produces: [] };

  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'description' || key === 'summary' || key === 'operationId' || key === 'tags' || key === 'deprecated' || key.startsWith('x-')) {
      out[key] = value;
    }
  }
  out['consumes'] = body?.consumes ?? ['*/*'];
  if (params.length > 0) out['parameters'] = params;
  if (converted.produces.length > 0) out['produces'] = converted.produces;
  out['responses'] = converted.responses;
  out['schemes'] = ['https'];
  return out;
}

/** `{name, in, schema: {type}}` → `{name, in, type}`. */
function toSwaggerParameter(parameter: JsonSchema): JsonSchema {
  const { schema, content: _content, style: _style, explode: _explode, example: _example, ...rest } = parameter;
  const out: JsonSchema = { ...rest };
  if (isSchemaObject(schema)) {
    const converted = toSwaggerSchema(schema);
    for (const key of ['type', 'format', 'items', 'default', 'enum', 'maximum', 'minimum', 'uniqueItems']) {
      if (converted[key] !== undefined) out[key] = converted[key];
    }
  }
  // Swagger 2.0 requires a type on every non-body parameter.
  out['type'] ??= 'string';
  return out;
}

function bodyParameter(requestBody: JsonSchema): { parameter: JsonSchema; consumes: string[] } | undefined {
  const content = requestBody['content'];
  if (!isSchemaObject(content)) return undefined;
  const consumes = Object.keys(content);
  const first = consumes.map((type) => content[type]).find(isSchemaObject);
  const schema = first && isSchemaObject(first['schema']) ? toSwaggerSchema(first['schema']) : {};
  const parameter: JsonSchema = {
    ...(typeof requestBody['description'] === 'string' ? { description: requestBody['description'] } : {}),
    in: 'body',
    name: 'body',
    ...(requestBody['required'] === true ? { required: true } : {}),
    schema,
  };
  return { parameter, consumes };
}

function toSwaggerResponses(responses: JsonSchema): { responses: JsonSchema; produces: string[] } {
  const produces: string[] = [];
  const out: JsonSchema = {};
  for (const [code, response] of Object.entries(responses)) {
    if (!isSchemaObject(response)) continue;
    const converted: JsonSchema = { description: response['description'] ?? '' };
    const content = response['content'];
    if (isSchemaObject(content)) {
      for (const type of Object.keys(content)) if (!produces.includes(type)) produces.push(type);
      const first = Object.values(content).find(isSchemaObject);
      if (first && isSchemaObject(first['schema'])) converted['schema'] = toSwaggerSchema(first['schema']);
    }
    out[code] = converted;
  }
  return { responses: out, produces };
}
