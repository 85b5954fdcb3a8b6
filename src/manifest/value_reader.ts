/**
 * Typed readers for manifest values, bound to one manifest line.
 *
 * Every conversion ZeroVM performs on a value goes through here, so each
 * failure carries the right `MANIFEST <line>: <message>` state and each
 * number is truncated to the C type ZeroVM stores it in.
 */

import { manifestError, SessionError } from "../session/session_error.js";
import { gAsciiStrtoll, gStrstrip } from "./strtoll.js";

/** Reads values of one 1-based manifest line; every failure names the line. */
export class ValueReader {
  constructor(readonly line: number) {}

  /** The error ZeroVM reports for a bad value on this line. */
  fail(message: string): SessionError {
    return manifestError(this.line, message);
  }

  /**
   * Converts a token like ZeroVM's `ToInt`: strip, `g_ascii_strtoll` base 0,
   * and the whole token must be consumed without overflow. The error quotes
   * the unconverted rest (empty on overflow), as ZeroVM does.
   *
   * @throws SessionError `invalid numeric value '<rest>'` (exit 14)
   */
  int64(token: string): bigint {
    const text = gStrstrip(token);
    const converted = gAsciiStrtoll(text);
    if (converted.endIndex !== text.length || converted.overflow) {
      throw this.fail(`invalid numeric value '${text.slice(converted.endIndex)}'`);
    }
    return converted.value;
  }

  /** `int64` stored into a C `int`: the low 32 bits, signed. */
  int32(token: string): number {
    return Number(BigInt.asIntN(32, this.int64(token)));
  }

  /** `int64` stored into an unsigned field of `bits` bits. */
  uint(token: string, bits: 16 | 32): number {
    return Number(BigInt.asUintN(bits, this.int64(token)));
  }

  /**
   * A 0/1 flag read into a C `int`, failing with `message` otherwise.
   *
   * @throws SessionError `message` when the value is neither 0 nor 1
   */
  flag(token: string, message: string): 0 | 1 {
    const value = this.int32(token);
    if (value !== 0 && value !== 1) throw this.fail(message);
    return value;
  }
}
