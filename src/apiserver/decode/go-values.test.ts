import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QUANTITY_FORMAT_ERROR, QUANTITY_SUFFIX_ERROR, base64Error, quantityError, timeError } from './go-values.ts';

describe('quantityError (resource.ParseQuantity)', () => {
  const valid = ['0', '1', '100m', '1.5', '.5', '1.', '-1', '+1', '1Ki', '1Mi', '2Gi', '1Ei', '5n', '5u', '1k', '1M', '1E', '1e3', '1E-3', '1e+3', '0000', '-', '1.5Gi'];
  for (const text of valid) it(`accepts ${JSON.stringify(text)}`, () => assert.equal(quantityError(text), undefined));

  const invalid: Array<[string, string]> = [
    ['', QUANTITY_FORMAT_ERROR],
    ['abc', QUANTITY_FORMAT_ERROR],
    ['1x', QUANTITY_FORMAT_ERROR],
    ['1.5.5', QUANTITY_FORMAT_ERROR],
    ['1 Gi', QUANTITY_FORMAT_ERROR],
    ['true', QUANTITY_FORMAT_ERROR],
    ['1kk', QUANTITY_SUFFIX_ERROR],
    ['1KiB', QUANTITY_FORMAT_ERROR],
    ['1e', QUANTITY_SUFFIX_ERROR],
    ['1-3', QUANTITY_SUFFIX_ERROR],
    ['1Ki3', QUANTITY_SUFFIX_ERROR],
  ];
  for (const [text, message] of invalid) it(`refuses ${JSON.stringify(text)}`, () => assert.equal(quantityError(text), message));
});

describe('timeError (time.Parse with time.RFC3339)', () => {
  const valid = ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.5Z', '2024-05-01T12:00:00,5Z', '2024-05-01T12:00:00-07:30', '2024-02-29T00:00:00Z', '2024-05-01T2:00:00Z', '2000-02-29T23:59:59Z', '0000-12-31T00:00:00Z'];
  for (const text of valid) it(`accepts ${text}`, () => assert.equal(timeError(text), undefined));

  const layout = '"2006-01-02T15:04:05Z07:00"';
  const invalid: Array<[string, string]> = [
    ['', `parsing time "" as ${layout}: cannot parse "" as "2006"`],
    ['24-05-01T00:00:00Z', `parsing time "24-05-01T00:00:00Z" as ${layout}: cannot parse "24-05-01T00:00:00Z" as "2006"`],
    ['2024/05/01T00:00:00Z', `parsing time "2024/05/01T00:00:00Z" as ${layout}: cannot parse "/05/01T00:00:00Z" as "-"`],
    ['2024-5-01T00:00:00Z', `parsing time "2024-5-01T00:00:00Z" as ${layout}: cannot parse "5-01T00:00:00Z" as "01"`],
    ['2024-05-01 00:00:00Z', `parsing time "2024-05-01 00:00:00Z" as ${layout}: cannot parse " 00:00:00Z" as "T"`],
    ['2024-05-01T00:00:00', `parsing time "2024-05-01T00:00:00" as ${layout}: cannot parse "" as "Z07:00"`],
    ['2024-05-01T00:00:00+0200', `parsing time "2024-05-01T00:00:00+0200" as ${layout}: cannot parse "+0200" as "Z07:00"`],
    ['2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['2024-02-30T00:00:00Z', 'parsing time "2024-02-30T00:00:00Z": day out of range'],
    ['1900-02-29T00:00:00Z', 'parsing time "1900-02-29T00:00:00Z": day out of range'],
    ['2024-00-10T00:00:00Z', 'parsing time "2024-00-10T00:00:00Z": month out of range'],
    ['2024-05-00T00:00:00Z', 'parsing time "2024-05-00T00:00:00Z": day out of range'],
    ['2024-05-01T00:00:60Z', 'parsing time "2024-05-01T00:00:60Z": second out of range'],
    ['2024-05-01T00:00:0xZ', `parsing time "2024-05-01T00:00:0xZ" as ${layout}: cannot parse "0xZ" as "05"`],
    ['2024-05-01T24:00:00Z', 'parsing time "2024-05-01T24:00:00Z": hour out of range'],
    ['2024-05-01T00:60:00Z', 'parsing time "2024-05-01T00:60:00Z": minute out of range'],
    ['2024-05-01T00:00:00Zjunk', 'parsing time "2024-05-01T00:00:00Zjunk": extra text: "junk"'],
    ['2024-05-01T00:00:00+25:00', 'parsing time "2024-05-01T00:00:00+25:00": time zone offset hour out of range'],
    ['é', `parsing time "\\xc3\\xa9" as ${layout}: cannot parse "\\xc3\\xa9" as "2006"`],
  ];
  for (const [text, message] of invalid) it(`refuses ${JSON.stringify(text)}`, () => assert.equal(timeError(text), message));
});

describe('base64Error (base64.StdEncoding)', () => {
  const valid = ['', 'aGVsbG8=', 'aGk=', 'YWJj', 'aGVs\nbG8=', 'aGVsbG8=\r\n'];
  for (const text of valid) it(`accepts ${JSON.stringify(text)}`, () => assert.equal(base64Error(text), undefined));

  const invalid: Array<[string, number]> = [
    ['aGVsbG8', 4], // a short final quantum without padding
    ['a', 0],
    ['aGk', 0],
    ['aGk!', 3],
    ['=', 0],
    ['aG=x', 2],
    ['aG==x', 4],
    ['aG=', 3],
    ['é', 0],
  ];
  for (const [text, at] of invalid) {
    it(`refuses ${JSON.stringify(text)} at byte ${at}`, () => assert.equal(base64Error(text), `illegal base64 data at input byte ${at}`));
  }
});
