import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { tempBeside } from "../io/output.js";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Writes an untyped .wts (docs/wts.md) atomically (temp file + rename), byte for
 * byte as tensorrtx's gen_wts.py does: `name count ` then ` %08x` per value.
 */
export function writeWts(
  path: string,
  tensors: Iterable<{ name: string; values: Float32Array }>,
  count: number,
  write: (fd: number, text: string) => void = (fd, text) => void writeSync(fd, text),
): void {
  const tmp = tempBeside(path);
  rmSync(tmp, { force: true }); // a stale one of an earlier process with this id (never followed: "wx" below)
  const fd = openSync(tmp, "wx");
  try {
    write(fd, `${count}\n`);
    for (const t of tensors) {
      const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
      write(fd, `${t.name} ${t.values.length} `);
      const CHUNK = 65536;
      for (let v = 0; v < t.values.length; v += CHUNK) {
        const parts: string[] = [];
        const end = Math.min(t.values.length, v + CHUNK) * 4;
        // little-endian host: reverse each 4-byte group for big-endian hex
        for (let i = v * 4; i < end; i += 4) parts.push(HEX[bytes[i + 3]!]! + HEX[bytes[i + 2]!]! + HEX[bytes[i + 1]!]! + HEX[bytes[i]!]!);
        write(fd, " " + parts.join(" "));
      }
      write(fd, "\n");
    }
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The largest seed of `rng`: its state is 32 bits, so a larger seed would repeat a smaller one. */
export const MAX_SEED = 0xffffffff;

/** mulberry32: small, fast, deterministic across platforms. `seed`: an integer from 0 to MAX_SEED. */
export function rng(seed: number): () => number {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed ${seed} is not an integer from 0 to ${MAX_SEED}`);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
