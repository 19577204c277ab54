// The base64 decoding kube-apiserver applies to []byte fields (Secret.data, ConfigMap.binaryData):
// Go's encoding/base64 StdEncoding as encoding/json uses it. Padding is required, CR and LF are
// skipped anywhere, and a failure names the byte offset Go reports, because that offset is in the
// 400 BadRequest message clients see ("illegal base64 data at input byte 4").

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decodeMap = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) decodeMap[ALPHABET.charCodeAt(i)] = i;

const CR = 0x0d;
const LF = 0x0a;
const PAD = 0x3d; // '='

export type GoBase64Result = { readonly ok: true; readonly length: number } | { readonly ok: false; readonly error: string };

function corrupt(offset: number): GoBase64Result {
  return { ok: false, error: `illegal base64 data at input byte ${offset}` };
}

/** Decodes like Go's base64.StdEncoding.Decode: the decoded length, or Go's error text. */
export function goBase64Decode(text: string): GoBase64Result {
  const src = new TextEncoder().encode(text);
  let si = 0;
  let length = 0;
  while (si < src.length) {
    // One quantum: up to four alphabet characters, possibly ending in padding.
    let j = 0;
    let dlen = 4;
    let end: GoBase64Result | undefined;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { ok: true, length };
        return corrupt(si - j); // StdEncoding pads, so a short final quantum is an error
      }
      const c = src[si++] ?? 0;
      if ((decodeMap[c] ?? -1) >= 0) continue;
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (c !== PAD || j < 2) return corrupt(si - 1);
      if (j === 2) {
        // "==" expected; the first '=' is consumed.
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== PAD) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) end = corrupt(si); // trailing garbage after the padding
      dlen = j;
      break;
    }
    if (end) return end;
    length += dlen - 1;
    if (dlen < 4) break;
  }
  return { ok: true, length };
}

/** The decoded bytes of text that goBase64Decode accepted. */
export function decodeBase64(text: string): Buffer {
  return Buffer.from(text.replace(/[\r\n]/g, ''), 'base64');
}

/** Base64 of the UTF-8 bytes of a string, as Go writes a []byte. */
export function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
