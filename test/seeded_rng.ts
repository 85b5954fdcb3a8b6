/**
 * A deterministic pseudo-random generator (xorshift32) for property tests,
 * so that a failing sample reproduces from its seed.
 */

/** Returns a generator of numbers in [0, 1) for `seed` (0 counts as 1). */
export function seededRng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
