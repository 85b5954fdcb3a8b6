/**
 * One mounted channel: its sources, cursors, limits, counters and etag.
 *
 * A channel is what the guest sees as a handle: an alias, a type (bit 0 =
 * random read, bit 1 = random write), four limits and the running counters
 * that the limits are checked against. Its bytes come from or go to one or
 * more sources (host files, character devices, FIFOs). The rules here are
 * ZeroVM's (zerovm-spec.md §2.2-2.5): reads go in 64 KiB chunks until the
 * size is met or a sequential source gives 0 bytes (which sets a sticky EOF
 * flag); every chunk is one "get" in the session accounting; writes go to
 * every source; the etag is a SHA-1 over all bytes crossing the channel.
 */
import { closeSync, ftruncateSync, readSync, writeSync } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import type { ChannelSpec } from "../manifest/manifest_types.js";
import { SessionError } from "../session/session_error.js";

/** Largest piece a read moves from a source at a time. */
export const CHUNK_SIZE = 0x10000;

/** Limit and counter indexes. */
export const GETS = 0;
export const GET_SIZE = 1;
export const PUTS = 2;
export const PUT_SIZE = 3;

/** How a host source is driven. */
export type SourceKind = "regular" | "character" | "fifo";

/** One opened host source of a channel. */
export interface ChannelSource {
  kind: SourceKind;
  /** Host path as written in the manifest. */
  path: string;
  fd: number;
}

/** Session-wide I/O counters: line 5 of the report. */
export class Accounting {
  localGets = 0;
  localGetBytes = 0;
  localPuts = 0;
  localPutBytes = 0;
  netGets = 0;
  netGetBytes = 0;
  netPuts = 0;
  netPutBytes = 0;
}

/** Sleeps the thread briefly while a non-blocking source has no data. */
function waitBriefly(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
}

/** Reads once from `fd`, retrying while it reports EAGAIN. */
function readSome(source: ChannelSource, buffer: Uint8Array, position: number | null): number {
  for (;;) {
    try {
      return readSync(source.fd, buffer, 0, buffer.length, position);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        waitBriefly();
        continue;
      }
      if (code === "EOF") return 0;
      throw error;
    }
  }
}

/** Reads like stdio's fread: until `buffer` is full or the source ends. */
function readFull(source: ChannelSource, buffer: Uint8Array): number {
  let done = 0;
  while (done < buffer.length) {
    const n = readSome(source, buffer.subarray(done), null);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Writes all of `data` to `fd` at `position` (or the fd's own position). */
function writeAll(fd: number, data: Uint8Array, position: number | null): void {
  let done = 0;
  while (done < data.length) {
    try {
      const at = position === null ? null : position + done;
      done += writeSync(fd, data, done, data.length - done, at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      waitBriefly();
    }
  }
}

export class Channel {
  /** Guest-visible bytes so far (ZeroVM's channel->size). */
  size = 0;
  getPos = 0;
  putPos = 0;
  eof = false;
  /** gets, get_size, puts, put_size used so far. */
  readonly counters = [0, 0, 0, 0];
  /** The limits as exact int64 values, for the user manifest. */
  readonly limitsExact: readonly bigint[];
  /** The limits as numbers, for the checks (values above 2^53 saturate). */
  readonly limits: readonly number[];
  readonly sources: ChannelSource[] = [];
  private readonly hash: Hash | undefined;

  readonly alias: string;
  readonly type: number;
  readonly etag: boolean;

  /** Builds the unmounted channel of a manifest's Channel line. */
  constructor(readonly spec: ChannelSpec) {
    this.alias = spec.alias;
    this.type = spec.type;
    this.etag = spec.etag === 1;
    const limits = spec.limits;
    this.limitsExact = limits;
    this.limits = limits.map((value) =>
      value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value),
    );
    this.hash = this.etag ? createHash("sha1") : undefined;
  }

  /** True when both read limits are non-zero. */
  get readable(): boolean {
    return this.limits[GETS] !== 0 && this.limits[GET_SIZE] !== 0;
  }

  /** True when both write limits are non-zero. */
  get writable(): boolean {
    return this.limits[PUTS] !== 0 && this.limits[PUT_SIZE] !== 0;
  }

  /** 0 nil, 1 read-only, 2 write-only, 3 read-write. */
  get accessClass(): number {
    return (this.readable ? 1 : 0) | (this.writable ? 2 : 0);
  }

  get sequentialRead(): boolean {
    return (this.type & 1) === 0;
  }

  get sequentialWrite(): boolean {
    return (this.type & 2) === 0;
  }

  /** The etag so far as lowercase hex (SHA-1 of nothing when unused). */
  digest(): string {
    return this.hash ? this.hash.copy().digest("hex") : "";
  }

  /**
   * Moves up to `size` bytes into `target` starting at channel `offset`,
   * after the trap layer's checks. Returns the byte count.
   */
  read(target: Uint8Array, offset: number, accounting: Accounting): number {
    let done = 0;
    let position = offset;
    while (done < target.length && !this.eof) {
      const want = Math.min(target.length - done, CHUNK_SIZE);
      const n = this.readChunk(target.subarray(done, done + want), position, accounting);
      if (n === 0) {
        if (this.sequentialRead) this.eof = true;
        break;
      }
      done += n;
      position += n;
      if ((this.type & 2) !== 0) this.putPos = position;
      this.getPos = position;
    }
    this.hash?.update(target.subarray(0, done));
    this.counters[GETS] += 1;
    this.counters[GET_SIZE] += done;
    return done;
  }

  /** One chunk from the sources; with several, agreeing data wins. */
  private readChunk(chunk: Uint8Array, position: number, accounting: Accounting): number {
    const first = this.readSource(this.sources[0], chunk, position, accounting);
    if (this.sources.length === 1) return first;

    const copies: Uint8Array[] = [chunk.slice(0, first)];
    for (let i = 1; i < this.sources.length; i++) {
      const spare = new Uint8Array(chunk.length);
      const n = this.readSource(this.sources[i], spare, position, accounting);
      const data = spare.subarray(0, n);
      const match = copies.find((earlier) => Buffer.compare(earlier, data) === 0);
      if (match) {
        chunk.set(match);
        return match.length;
      }
      copies.push(data);
    }
    throw new SessionError(5, `${this.alias} failed to read`);
  }

  private readSource(
    source: ChannelSource,
    chunk: Uint8Array,
    position: number,
    accounting: Accounting,
  ): number {
    let n: number;
    try {
      n = source.kind === "regular" ? readSome(source, chunk, position) : readFull(source, chunk);
    } catch (error) {
      throw new SessionError(5, `${this.alias} failed to read: ${(error as Error).message}`);
    }
    accounting.localGets += 1;
    accounting.localGetBytes += n;
    return n;
  }

  /**
   * Writes `data` at channel `offset` to every source, after the trap
   * layer's checks. A host write error ends the session with EIO.
   */
  write(data: Uint8Array, offset: number, accounting: Accounting): number {
    for (const source of this.sources) {
      try {
        writeAll(source.fd, data, source.kind === "regular" ? offset : null);
      } catch (error) {
        const detail = (error as Error).message;
        throw new SessionError(5, `${this.alias} failed to write: ${detail}`);
      }
      accounting.localPuts += 1;
      accounting.localPutBytes += data.length;
    }

    this.putPos = offset + data.length;
    this.size = (this.type & 2) !== 0 ? Math.max(this.size, this.putPos) : this.putPos;
    this.getPos = this.putPos;
    this.hash?.update(data);
    this.counters[PUTS] += 1;
    this.counters[PUT_SIZE] += data.length;
    return data.length;
  }

  /** Closes every source, cutting preallocated write files to `size`. */
  close(): void {
    for (const source of this.sources.splice(0)) {
      try {
        if (this.writable && source.kind === "regular") ftruncateSync(source.fd, this.size);
      } finally {
        closeSync(source.fd);
      }
    }
  }
}
