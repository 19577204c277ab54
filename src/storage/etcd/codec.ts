// Wire encoding: keys, ranges and key-values as etcd sends them.
//
// Key layout on the wire. The store's `prefix` (like kube-apiserver's --etcd-prefix) is put in
// front of every key sent to etcd and taken off every key that comes back, so several stores can
// share one etcd without seeing each other's keys.
//
// etcd orders keys by their UTF-8 bytes, so ranges are computed on bytes here, not on UTF-16
// strings: for every key kubesvc writes (ASCII) both orders agree, and for the rest etcd's
// byte order is the one the contract's "ascending key order" means on this backend.

import type { IKeyValue } from 'etcd3';
import type { KeyValue } from '../store.ts';

export class KeyCodec {
  private readonly prefix: Buffer;

  constructor(prefix: string) {
    this.prefix = Buffer.from(prefix, 'utf8');
  }

  /** The wire key for a store key. */
  encode(key: string): Buffer {
    return Buffer.concat([this.prefix, Buffer.from(key, 'utf8')]);
  }

  /** The store key for a wire key (etcd only returns keys inside the ranges we asked for). */
  decode(wireKey: Buffer): string {
    return wireKey.subarray(this.prefix.length).toString('utf8');
  }

  /**
   * The wire range [start, end) of every store key starting with `keyPrefix`. An empty store
   * prefix and key prefix mean "every key", which etcd spells as key "\0", range_end "\0".
   */
  prefixRange(keyPrefix: string): { start: Buffer; end: Buffer } {
    const start = this.encode(keyPrefix);
    if (start.length === 0) return { start: Buffer.from([0]), end: Buffer.from([0]) };
    return { start, end: bytesPrefixEnd(start) };
  }

  /** A contract KeyValue from etcd's (revisions arrive as decimal strings; values as bytes). */
  keyValue(kv: IKeyValue): KeyValue {
    return {
      key: this.decode(kv.key),
      value: kv.value.toString('utf8'),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }

  /** The smallest wire key strictly after the store key `key` ("key\0"). */
  after(key: string): Buffer {
    return Buffer.concat([this.encode(key), Buffer.from([0])]);
  }
}

/**
 * The smallest byte string greater than every byte string starting with `prefix`: drop
 * trailing 0xff bytes, then increment the last. All-0xff (or empty) means "no upper bound",
 * which etcd spells as range_end "\0".
 */
export function bytesPrefixEnd(prefix: Buffer): Buffer {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const byte = prefix[i] as number;
    if (byte < 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i] = byte + 1;
      return end;
    }
  }
  return Buffer.from([0]);
}

/** Whether `key` lies in [start, end), where end "\0" means unbounded. */
export function inRange(key: Buffer, start: Buffer, end: Buffer): boolean {
  if (Buffer.compare(key, start) < 0) return false;
  const unbounded = end.length === 1 && end[0] === 0;
  return unbounded || Buffer.compare(key, end) < 0;
}
