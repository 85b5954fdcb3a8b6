/**
 * The number and whitespace rules ZeroVM's manifest reader inherits from glib.
 *
 * ZeroVM strips each token with `g_strstrip` and converts it with
 * `g_ascii_strtoll(token, &end, 0)`, then rejects the token when `end` is
 * not at the terminating NUL or when errno was set (overflow). Its error
 * message quotes the text *after* the converted prefix, which is why a
 * nine-field Channel line reports `invalid numeric value ', 0'`. This module
 * reproduces those rules exactly, on JavaScript strings.
 */

/** Characters glib's ASCII whitespace class holds (`g_ascii_isspace`). */
const ASCII_SPACE = new Set([" ", "\t", "\n", "\v", "\f", "\r"]);

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** Returns true when `ch` is glib ASCII whitespace. */
export function isAsciiSpace(ch: string): boolean {
  return ASCII_SPACE.has(ch);
}

/** Removes leading and trailing ASCII whitespace, as `g_strstrip` does. */
export function gStrstrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiSpace(text[start]!)) start++;
  while (end > start && isAsciiSpace(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** Result of one `g_ascii_strtoll(text, &end, 0)` call. */
export interface StrtollResult {
  /** The converted value, clamped to int64 on overflow as glib does. */
  value: bigint;
  /** 0-based index of the first character not converted (`end`). */
  endIndex: number;
  /** True when glib would set errno to ERANGE. */
  overflow: boolean;
}

/** Value of `ch` as a digit in bases up to 36, or 99 when it is no digit. */
function digitValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (code >= 97 && code <= 122) return code - 87;
  return 99;
}

/**
 * Converts like glib's `g_ascii_strtoll` with base 0: leading whitespace,
 * optional sign, `0x`/`0X` hexadecimal, leading-`0` octal, else decimal.
 * With no digits `endIndex` is 0 (or points at the `x` of a bare `0x`).
 */
export function gAsciiStrtoll(text: string): StrtollResult {
  let pos = 0;
  while (pos < text.length && isAsciiSpace(text[pos]!)) pos++;
  if (pos >= text.length) return { value: 0n, endIndex: 0, overflow: false };

  let negative = false;
  if (text[pos] === "-") {
    negative = true;
    pos++;
  } else if (text[pos] === "+") {
    pos++;
  }

  // Base prefix: "0x" switches to 16 even when no hex digit follows.
  let base = 10;
  if (text[pos] === "0") {
    if (text[pos + 1] === "x" || text[pos + 1] === "X") {
      pos += 2;
      base = 16;
    } else {
      base = 8;
    }
  }

  const digitsStart = pos;
  let magnitude = 0n;
  let wrapped = false;
  const bigBase = BigInt(base);
  for (; pos < text.length; pos++) {
    const digit = digitValue(text[pos]!);
    if (digit >= base) break;
    const next = magnitude * bigBase + BigInt(digit);
    if (next > UINT64_MAX) wrapped = true;
    magnitude = next & UINT64_MAX;
  }

  if (pos === digitsStart) {
    // glib's "no conversion": a bare "0x" converts the 0 and stops at x.
    const bareHex = base === 16 ? digitsStart - 1 : 0;
    return { value: 0n, endIndex: bareHex, overflow: false };
  }
  if (wrapped) {
    return { value: negative ? INT64_MIN : INT64_MAX, endIndex: pos, overflow: true };
  }
  if (negative && magnitude > -INT64_MIN) {
    return { value: INT64_MIN, endIndex: pos, overflow: true };
  }
  if (!negative && magnitude > INT64_MAX) {
    return { value: INT64_MAX, endIndex: pos, overflow: true };
  }
  return { value: negative ? -magnitude : magnitude, endIndex: pos, overflow: false };
}

/** Truncates an int64 to a C `int` (two's complement), as an assignment does. */
export function toInt32(value: bigint): number {
  return Number(BigInt.asIntN(32, value));
}
