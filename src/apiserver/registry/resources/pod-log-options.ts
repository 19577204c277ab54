// PodLogOptions of `GET …/pods/{name}/log`, read from the query the way kube-apiserver does:
// first the url.Values → v1.PodLogOptions conversion (a value it cannot convert is 400 BadRequest
// with Go's own error text), then ValidatePodLogOptions (422 Invalid, kind PodLogOptions).
// `stream` (PodLogsQuerySplitStreams, alpha and off by default) is not read, as a server with the
// gate off does not.
import { forbidden, invalid as invalidField, type FieldError } from '../../../api/field-errors.ts';
import { formatTime } from '../../../api/meta/time.ts';
import { timeError } from '../../decode/go-values.ts';
import { badRequest, invalid } from '../../http/api-error.ts';
import { parseGoInt64 } from '../../http/query-params.ts';

export interface PodLogOptions {
  readonly container: string;
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  readonly insecureSkipTLSVerifyBackend: boolean;
  /** int64 in the API, so bigint here: values past 2^53 must print exactly in messages. */
  readonly sinceSeconds?: bigint;
  /** The instant as upstream formats it for the kubelet: RFC 3339, whole seconds, UTC. */
  readonly sinceTime?: string;
  readonly tailLines?: bigint;
  readonly limitBytes?: bigint;
}

/** Parses and validates the query; throws the 400 or 422 Status upstream answers with. */
export function podLogOptionsFromQuery(params: URLSearchParams, podName: string): PodLogOptions {
  const options = parsePodLogOptions(params);
  const errors = validatePodLogOptions(options);
  if (errors.length > 0) throw invalid('PodLogOptions', '', podName, errors);
  return options;
}

/**
 * The conversion alone. Fields are converted in the order of the Go struct and the first failure
 * is the answer. Booleans never fail: only "0" and "false" (any case) are false once present.
 */
export function parsePodLogOptions(params: URLSearchParams): PodLogOptions {
  const first = (key: string): string | undefined => params.getAll(key)[0];
  const flag = (key: string): boolean => {
    const value = first(key);
    return value !== undefined && value !== '0' && value.toLowerCase() !== 'false';
  };
  const int64 = (key: string): bigint | undefined => {
    const value = first(key);
    if (value === undefined) return undefined;
    const parsed = parseGoInt64(value);
    if (typeof parsed === 'string') throw badRequest(parsed);
    return parsed;
  };
  const container = first('container') ?? '';
  const follow = flag('follow');
  const previous = flag('previous');
  const sinceSeconds = int64('sinceSeconds');
  const sinceTimeText = first('sinceTime');
  const sinceTime = sinceTimeText === undefined ? undefined : kubeletTime(sinceTimeText);
  const timestamps = flag('timestamps');
  const tailLines = int64('tailLines');
  const limitBytes = int64('limitBytes');
  const insecureSkipTLSVerifyBackend = flag('insecureSkipTLSVerifyBackend');
  return {
    container,
    follow,
    previous,
    timestamps,
    insecureSkipTLSVerifyBackend,
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
    ...(sinceTime !== undefined ? { sinceTime } : {}),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
  };
}

/** Upstream's ValidatePodLogOptions, with its field paths and wording. */
export function validatePodLogOptions(options: PodLogOptions): FieldError[] {
  const errors: FieldError[] = [];
  if (options.tailLines !== undefined && options.tailLines < 0n) {
    errors.push(invalidField('tailLines', options.tailLines, 'must be greater than or equal to 0'));
  }
  if (options.limitBytes !== undefined && options.limitBytes < 1n) {
    errors.push(invalidField('limitBytes', options.limitBytes, 'must be greater than 0'));
  }
  if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
    // Upstream names the empty path, which prints as "[]".
    errors.push(forbidden('[]', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  } else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1n) {
    errors.push(invalidField('sinceSeconds', options.sinceSeconds, 'must be greater than 0'));
  }
  return errors;
}

/**
 * metav1.Time's query form: empty and "null" are the zero time, anything else must be RFC 3339
 * (time.Parse's error text otherwise). Returned as upstream hands it on: RFC 3339, whole seconds.
 */
function kubeletTime(text: string): string {
  if (text === '' || text === 'null') return '0001-01-01T00:00:00Z';
  const error = timeError(text);
  if (error !== undefined) throw badRequest(error);
  return formatTime(rfc3339Milliseconds(text));
}

const RFC3339_PARTS = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of text Go's parser accepted (timeError said so). */
function rfc3339Milliseconds(text: string): number {
  const parts = RFC3339_PARTS.exec(text);
  if (!parts) throw new Error(`not RFC 3339 after all: ${text}`);
  const [, year, month, day, hour, minute, second, sign, offsetHours, offsetMinutes] = parts;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: the latter maps years 0–99 to 1900–1999.
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  const offsetMs = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 : 0;
  return date.getTime() - offsetMs;
}
