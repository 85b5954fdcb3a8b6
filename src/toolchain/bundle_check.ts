/**
 * nacl-cc's own check of the code it produced, independent of the validator:
 * every instruction decodes, none crosses a 32-byte bundle boundary, and every
 * call ends on a bundle boundary. The validators accept a misaligned call
 * (they only warn), but such a call returns to the start of its bundle at run
 * time, so this check is what catches it.
 */
import { Decoder, DecoderOptions, FlowControl, Code } from "../decoder/iced.js";

/** One problem found; `guestAddress` is the instruction's address. */
export interface BundleFinding {
  guestAddress: number;
  message: string;
}

/**
 * Checks bundle placement and call alignment of a text segment.
 *
 * @param code the text bytes (no trailing HLT fill is needed).
 * @param guestAddress the address of code[0]; must be 32-byte aligned.
 * @returns findings, empty when the code is well placed.
 */
export function checkBundles(code: Uint8Array, guestAddress: number): BundleFinding[] {
  const findings: BundleFinding[] = [];
  const decoder = new Decoder(64, code, DecoderOptions.None);
  decoder.ip = BigInt(guestAddress);
  try {
    while (decoder.canDecode) {
      const insn = decoder.decode();
      try {
        const start = Number(insn.ip);
        const end = start + insn.length;
        const hex = `0x${start.toString(16)}`;
        if (insn.code === Code.INVALID) {
          findings.push({ guestAddress: start, message: `Undecodable bytes at ${hex}` });
        } else if ((start >>> 5) !== ((end - 1) >>> 5)) {
          findings.push({ guestAddress: start, message: `Instruction at ${hex} crosses a bundle boundary` });
        }
        const isCall = insn.flowControl === FlowControl.Call ||
          insn.flowControl === FlowControl.IndirectCall;
        if (isCall && end % 32 !== 0) {
          findings.push({ guestAddress: start, message: `Call at ${hex} does not end on a bundle boundary` });
        }
      } finally {
        insn.free();
      }
    }
  } finally {
    decoder.free();
  }
  return findings;
}
