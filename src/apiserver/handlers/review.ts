// Serves the review resources (SelfSubjectReview, SelfSubjectAccessReview,
// SelfSubjectRulesReview): a POST of the kind to its collection is decoded like any create,
// answered from the caller's identity (security/reviews.ts) and written back with 201 Created, as
// upstream's create handler does for a storage that only implements Create. Nothing is stored.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SelfSubjectAccessReview, SelfSubjectRulesReview } from '../../api/authorization/v1/reviews.ts';
import type { KubeObject } from '../../api/meta/v1.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { methodNotAllowed, unknownPath } from '../http/api-error.ts';
import { routeOf, type ResourceRequest } from '../http/request-info.ts';
import { isAllowed, refusal } from '../security/authorization.ts';
import { answerSelfSubjectAccessReview, answerSelfSubjectReview, answerSelfSubjectRulesReview } from '../security/reviews.ts';
import type { Identity } from '../security/tokens.ts';
import { decodeObjectBody, readBody } from './request-body.ts';
import { writeOptions } from './request-options.ts';
import { warningHeader, writeJson } from './respond.ts';

export async function handleReview(
  req: IncomingMessage,
  res: ServerResponse,
  request: ResourceRequest,
  url: URL,
  info: ResourceInfo,
  identity: Identity | undefined,
  now: number,
): Promise<void> {
  switch (routeOf(request, info)) {
    case 'noRoute':
      throw unknownPath();
    case 'methodNotAllowed':
      throw methodNotAllowed();
  }
  // Every authenticated user may ask these; the check stays so the rule table remains the one
  // place that says so.
  const asked = { kind: 'resource', verb: 'create', group: info.group, resource: info.resource } as const;
  if (!isAllowed(identity, asked)) throw refusal(identity, asked);
  const options = writeOptions(url.searchParams, req.headers['user-agent'] ?? '', 'CreateOptions');
  const { object, warnings } = decodeObjectBody(await readBody(req), req.headers['content-type'], info, options.fieldValidation);
  writeJson(res, 201, answer(info, object, identity, now), 'application/json', warningHeader(warnings));
}

function answer(info: ResourceInfo, object: KubeObject, identity: Identity | undefined, now: number): KubeObject {
  switch (info.kind) {
    case 'SelfSubjectReview':
      return answerSelfSubjectReview(identity, now);
    case 'SelfSubjectAccessReview':
      return answerSelfSubjectAccessReview(object as SelfSubjectAccessReview, identity);
    case 'SelfSubjectRulesReview':
      return answerSelfSubjectRulesReview(object as SelfSubjectRulesReview, identity);
    default:
      throw new Error(`no answer for the review kind ${info.kind}`);
  }
}
