import { BladeUserError } from '@bladerec/core';

/** Text encodings the loaders read. ML-100K and ML-1M are Latin-1; everything else is UTF-8. */
export type TextEncoding = 'utf8' | 'latin1';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder('latin1');

/**
 * Decodes one line's bytes. UTF-8 is strict: invalid bytes raise a located `BladeUserError`
 * (`invalid UTF-8 …`) instead of being replaced by U+FFFD, so a wrongly encoded file is never read
 * as garbled titles that then fail to match.
 */
export function decodeLine(bytes: Uint8Array, encoding: TextEncoding, where: { file: string; line: number }): string {
  if (encoding === 'latin1') return latin1.decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new BladeUserError(
      `invalid UTF-8 (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at byte ${at + 1} of the line); the file must be UTF-8 — re-encode it (e.g. iconv -f latin1 -t utf-8)`,
      where,
    );
  }
}

/** Index of the first byte that starts an invalid UTF-8 sequence, or −1 when the bytes are valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let n: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * Guesses the encoding of a file that is documented as Latin-1 but may have been re-saved as UTF-8:
 * `utf8` when the bytes are valid UTF-8 and contain at least one multi-byte sequence, else `latin1`
 * (pure ASCII is the same in both).
 */
export function detectLatin1OrUtf8(bytes: Uint8Array): TextEncoding {
  let nonAscii = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! >= 0x80) {
      nonAscii = true;
      break;
    }
  }
  if (!nonAscii) return 'latin1';
  return firstInvalidUtf8(bytes) < 0 ? 'utf8' : 'latin1';
}
