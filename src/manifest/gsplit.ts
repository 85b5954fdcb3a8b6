/**
 * `g_strsplit` as ZeroVM's manifest reader uses it.
 *
 * Two properties matter for compatibility: an empty string yields no pieces
 * at all, and with a limit of `maxPieces` the last piece keeps the whole
 * unsplit rest (delimiters included).
 */

/** Splits `text` on `delimiter` into at most `maxPieces` pieces. */
export function gStrsplit(text: string, delimiter: string, maxPieces: number): string[] {
  if (text.length === 0) return [];
  const pieces: string[] = [];
  let start = 0;
  while (pieces.length < maxPieces - 1) {
    const at = text.indexOf(delimiter, start);
    if (at < 0) break;
    pieces.push(text.slice(start, at));
    start = at + delimiter.length;
  }
  pieces.push(text.slice(start));
  return pieces;
}
