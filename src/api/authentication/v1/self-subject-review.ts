// authentication.k8s.io/v1 SelfSubjectReview: "who am I?" (`kubectl auth whoami`). The caller
// POSTs an empty one and the server answers with the user it authenticated the request as.
// Never stored. Field names and numbers: staging/src/k8s.io/api/authentication/v1.
import { z } from 'zod';
import { objectFields } from '../../meta/v1.ts';
import { apiType, atomicListMeta, field, str } from '../../schema/fields.ts';

const ns = 'io.k8s.api.authentication.v1';

export const UserInfo = apiType(
  `${ns}.UserInfo`,
  'A user as the authenticator saw it.',
  z.object({
    username: field(str(), 'The name that identifies the user among all active users.'),
    uid: field(str(), 'An identifier of the user that stays unique across time, unlike the name.'),
    groups: field(z.array(z.string()), 'The groups the user belongs to.', atomicListMeta),
    extra: field(z.record(z.string(), z.array(z.string())), 'Anything else the authenticator knows about the user.'),
  }),
);
export type UserInfo = z.infer<typeof UserInfo>;

export const SelfSubjectReviewStatus = apiType(
  `${ns}.SelfSubjectReviewStatus`,
  'Who the caller is.',
  z.object({ userInfo: field(UserInfo, 'The user the request was authenticated as.') }),
);

export const SelfSubjectReview = apiType(
  `${ns}.SelfSubjectReview`,
  'Asks who the caller is: the server fills in the user it authenticated the request as. Never stored.',
  z.object({
    ...objectFields,
    status: field(SelfSubjectReviewStatus, 'Filled in by the server: the user.'),
  }),
);
export type SelfSubjectReview = z.infer<typeof SelfSubjectReview>;
