/** Public surface of the ELF loader. */
export { readProgram } from "./read_program.js";
export { parseNexe, placeNexe, roundUp64K, HLT, HALT_SLED_SIZE, STACK_START } from "./nexe_image.js";
export type { NexeImage, NexeSegment } from "./nexe_image.js";
export { TEXT_START } from "./segments.js";
