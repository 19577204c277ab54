import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientClosedError, GRPCInternalError, GRPCOutOfRangeError, GRPCUnavailableError, castGrpcError } from 'etcd3';
import { EtcdRequestError, StoreUnavailableError, classifyFailure, isCompacted, isFutureRevision, isTooLarge, toStoreError } from './error-mapping.ts';

/** A gRPC error as grpc-js produces it, typed the way etcd3 types it. */
function grpcError(code: number, details: string): Error {
  const names: Record<number, string> = { 3: 'INVALID_ARGUMENT', 8: 'RESOURCE_EXHAUSTED', 11: 'OUT_OF_RANGE', 13: 'INTERNAL', 14: 'UNAVAILABLE' };
  return castGrpcError(Object.assign(new Error(`${code} ${names[code]}: ${details}`), { code, details }));
}

describe('etcd error mapping', () => {
  it('recognises the contract conditions from etcd status text', () => {
    const compacted = grpcError(11, 'etcdserver: mvcc: required revision has been compacted');
    const future = grpcError(11, 'etcdserver: mvcc: required revision is a future revision');
    assert.ok(compacted instanceof GRPCOutOfRangeError);
    assert.ok(isCompacted(compacted) && !isFutureRevision(compacted));
    assert.ok(isFutureRevision(future) && !isCompacted(future));
    assert.ok(isTooLarge(grpcError(3, 'etcdserver: request is too large')));
    assert.ok(isTooLarge(grpcError(8, 'grpc: received message larger than max (3145738 vs. 2621440)')));
    for (const error of [compacted, future]) assert.equal(classifyFailure(error), 'final');
  });

  it('lets a write be sent again only when etcd certainly did not get it', () => {
    const refused = grpcError(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:2379');
    assert.ok(refused instanceof GRPCUnavailableError);
    assert.equal(classifyFailure(refused), 'not-sent');
    assert.equal(classifyFailure(grpcError(14, 'etcdserver: no leader')), 'not-sent');
    assert.equal(classifyFailure(grpcError(14, 'Connection dropped')), 'in-doubt');
    assert.equal(classifyFailure(grpcError(14, 'etcdserver: request timed out')), 'in-doubt');
    assert.equal(classifyFailure(new GRPCInternalError('13 INTERNAL: stream reset')), 'in-doubt');
    assert.equal(classifyFailure(new ClientClosedError('KV')), 'final');
  });

  it('tells the caller whether a failed write may have been applied', () => {
    const inDoubt = toStoreError(grpcError(14, 'Connection dropped'), 'etcd update', true);
    assert.ok(inDoubt instanceof StoreUnavailableError);
    assert.equal(inDoubt.mayHaveApplied, true);
    assert.equal(inDoubt.code, 'KS_ERR_STORE_UNAVAILABLE');
    const read = toStoreError(grpcError(14, 'Connection dropped'), 'etcd list', false);
    assert.ok(read instanceof StoreUnavailableError && !read.mayHaveApplied);
    const notSent = toStoreError(grpcError(14, 'connect ECONNREFUSED 127.0.0.1:1'), 'etcd create', true);
    assert.ok(notSent instanceof StoreUnavailableError && !notSent.mayHaveApplied);
    assert.ok(toStoreError(grpcError(3, 'etcdserver: duplicate key given in txn request'), 'etcd txn', true) instanceof EtcdRequestError);
  });
});
