import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTime, parseTime } from './time.ts';

describe('metav1.Time', () => {
  const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
  it('is written in whole seconds, UTC', () => {
    assert.equal(formatTime(T0 + 1500), '2024-05-01T10:00:01Z');
  });
  it('parses back to milliseconds; absent or unparsable text is undefined', () => {
    assert.equal(parseTime('2024-05-01T10:00:01Z'), T0 + 1000);
    assert.equal(parseTime(undefined), undefined);
    assert.equal(parseTime('yesterday'), undefined);
  });
});
