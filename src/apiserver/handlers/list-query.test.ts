import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findResource } from '../../api/resources.ts';
import { ApiError } from '../http/api-error.ts';
import { parseListQuery } from './list-query.ts';

const pods = findResource('', 'v1', 'pods')!;
const parse = (query: string) => parseListQuery(pods, new URLSearchParams(query));

function rejection(query: string): { code: number; message: string } {
  try {
    parse(query);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return { code: error.httpStatus, message: error.status.message };
  }
  assert.fail(`${query} was accepted`);
}

describe('parseListQuery', () => {
  it('reads limit, continue, resourceVersion and timeoutSeconds', () => {
    const query = parse('limit=5&continue=abc&timeoutSeconds=30&resourceVersion=0');
    assert.equal(query.limit, 5);
    assert.equal(query.continue, 'abc');
    assert.equal(query.timeoutSeconds, 30);
  });

  it('a parameter that is not an integer is a 400, as upstream parameter decoding', () => {
    assert.deepEqual(rejection('limit=abc'), { code: 400, message: 'strconv.ParseInt: parsing "abc": invalid syntax' });
    assert.deepEqual(rejection('timeoutSeconds=1.5'), { code: 400, message: 'strconv.ParseInt: parsing "1.5": invalid syntax' });
  });

  it('a continue token excludes a resourceVersion other than 0, and any resourceVersionMatch', () => {
    assert.deepEqual(rejection('continue=abc&resourceVersion=5'), { code: 400, message: 'specifying resource version is not allowed when using continue' });
    assert.deepEqual(rejection('continue=abc&resourceVersion=5&resourceVersionMatch=NotOlderThan'), {
      code: 422,
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided',
    });
  });
});
