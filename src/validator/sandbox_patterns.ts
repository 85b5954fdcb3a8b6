/**
 * Exact byte forms of the sandboxing sequences (V§2.4, 2.8, 2.10).
 *
 * Each matcher looks at one instruction's bytes [start, start + length) and
 * answers which register the form is about, or -1. The rules module ties
 * consecutive matches together into superinstructions.
 */

/** Kinds of bundle-history entries (superinstruction components). */
export const K_OTHER = 0;
export const K_AND_MASK = 1; // and $0xe0,%eXX (nacljmp first half)
export const K_ADD_R15 = 2; // add %r15,%rXX (nacljmp second half)
export const K_MOV_ESI = 3; // mov %esi,%esi
export const K_LEA_RSI = 4; // lea (%r15,%rsi,1),%rsi
export const K_MOV_EDI = 5; // mov %edi,%edi
export const K_LEA_RDI = 6; // lea (%r15,%rdi,1),%rdi

const RSP = 4;
const RBP = 5;

function startsWith(bytes: Uint8Array, start: number, length: number, form: number[]): boolean {
  if (length !== form.length) return false;
  for (let i = 0; i < form.length; i++) if (bytes[start + i] !== form[i]) return false;
  return true;
}

/** `and $0xffffffe0,%eXX` as 83 /4 ib=e0 on a 32-bit register; returns XX. */
export function andMaskRegister(bytes: Uint8Array, start: number, length: number): number {
  let p = start;
  let rex = 0;
  if ((bytes[p] & 0xf0) === 0x40) rex = bytes[p++];
  if ((rex & 8) !== 0 || start + length !== p + 3) return -1;
  if (bytes[p] !== 0x83 || (bytes[p + 1] & 0xf8) !== 0xe0 || bytes[p + 2] !== 0xe0) return -1;
  return (bytes[p + 1] & 7) | ((rex & 1) << 3);
}

/** `add %r15,%rXX` (REX.W 01 /r or 03 /r); returns XX. */
export function addR15Register(bytes: Uint8Array, start: number, length: number): number {
  if (length !== 3) return -1;
  const rex = bytes[start];
  const op = bytes[start + 1];
  const modrm = bytes[start + 2];
  if ((rex & 0xf8) !== 0x48 || modrm < 0xc0) return -1;
  const reg = ((modrm >> 3) & 7) | ((rex & 4) << 1);
  const rm = (modrm & 7) | ((rex & 1) << 3);
  if (op === 0x01 && reg === 15) return rm;
  if (op === 0x03 && rm === 15) return reg;
  return -1;
}

/** `jmp *%rXX` / `call *%rXX` (FF /4, FF /2 register form); returns XX. */
export function indirectBranchRegister(bytes: Uint8Array, start: number, length: number): number {
  let p = start;
  let rex = 0;
  if ((bytes[p] & 0xf0) === 0x40) rex = bytes[p++];
  if (start + length !== p + 2 || bytes[p] !== 0xff) return -1;
  const modrm = bytes[p + 1];
  if ((modrm & 0xf8) !== 0xe0 && (modrm & 0xf8) !== 0xd0) return -1;
  return (modrm & 7) | ((rex & 1) << 3);
}

/** `mov %esi,%esi` (89 f6 / 8b f6, optionally 42) or the same for %edi. */
export function movSelfKind(bytes: Uint8Array, start: number, length: number): number {
  let p = start;
  if (length === 3) {
    if (bytes[p] !== 0x42) return K_OTHER;
    p++;
  } else if (length !== 2) return K_OTHER;
  if (bytes[p] !== 0x89 && bytes[p] !== 0x8b) return K_OTHER;
  if (bytes[p + 1] === 0xf6) return K_MOV_ESI;
  if (bytes[p + 1] === 0xff) return K_MOV_EDI;
  return K_OTHER;
}

/** The exact `lea (%r15,%rsi,1),%rsi` / `lea (%r15,%rdi,1),%rdi`. */
export function exactLeaKind(bytes: Uint8Array, start: number, length: number): number {
  if (startsWith(bytes, start, length, [0x49, 0x8d, 0x34, 0x37])) return K_LEA_RSI;
  if (startsWith(bytes, start, length, [0x49, 0x8d, 0x3c, 0x3f])) return K_LEA_RDI;
  return K_OTHER;
}

const RSP_SECOND_HALVES = [
  [0x4c, 0x01, 0xfc],
  [0x49, 0x03, 0xe7],
  [0x4c, 0x09, 0xfc],
  [0x49, 0x0b, 0xe7],
  [0x4a, 0x8d, 0x24, 0x3c],
  [0x4a, 0x8d, 0x64, 0x3c, 0x00],
  [0x4a, 0x8d, 0xa4, 0x3c, 0x00, 0x00, 0x00, 0x00],
];
const RBP_SECOND_HALVES = [
  [0x4c, 0x01, 0xfd],
  [0x49, 0x03, 0xef],
  [0x4a, 0x8d, 0x6c, 0x3d, 0x00],
  [0x4a, 0x8d, 0xac, 0x3d, 0x00, 0x00, 0x00, 0x00],
];

/** Second half of a %rsp/%rbp update (add/or/lea with %r15); returns 4, 5 or -1. */
export function stackSandboxRegister(bytes: Uint8Array, start: number, length: number): number {
  if (length < 3 || (bytes[start] & 0xf0) !== 0x40) return -1;
  for (const f of RSP_SECOND_HALVES) if (startsWith(bytes, start, length, f)) return RSP;
  for (const f of RBP_SECOND_HALVES) if (startsWith(bytes, start, length, f)) return RBP;
  return -1;
}

/**
 * Complete, self-contained %rsp/%rbp updates: `mov %rsp,%rbp`,
 * `mov %rbp,%rsp` and `and $imm8,%rsp` with a negative imm8. Returns the
 * register written (4 or 5) or -1.
 */
export function stackSelfContainedRegister(
  bytes: Uint8Array,
  start: number,
  length: number,
): number {
  if (bytes[start] !== 0x48) return -1;
  const op = bytes[start + 1];
  const modrm = bytes[start + 2];
  if (length === 3) {
    if ((op === 0x89 && modrm === 0xe5) || (op === 0x8b && modrm === 0xec)) return RBP;
    if ((op === 0x89 && modrm === 0xec) || (op === 0x8b && modrm === 0xe5)) return RSP;
  }
  if (length === 4 && op === 0x83 && modrm === 0xe4 && bytes[start + 3] >= 0x80) return RSP;
  return -1;
}

/** The canonical long NOP `66 [66 x0-5] 2e 0f 1f 84 00 00 00 00 00` (nops.def). */
export function isLongNop(bytes: Uint8Array, start: number, length: number): boolean {
  const n66 = length - 9;
  if (n66 < 1 || n66 > 6) return false;
  for (let i = 0; i < n66; i++) if (bytes[start + i] !== 0x66) return false;
  return startsWith(bytes, start + n66, 9, [0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0]);
}
