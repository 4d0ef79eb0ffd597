// The seed corpora of the fuzz targets. Seeds are read where they already live
// (examples/, test/invalid/, the .wts conformance corpus), plus the extra
// seeds in fuzz/corpus/ and every regression case in test/hostile/fuzz/, so a
// crash the fuzzer once found is always mutated again.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A spec seed, with the .wts that belongs to it when there is one. */
export interface SpecSeed {
  name: string;
  spec: string;
  wts?: Uint8Array;
}

export interface WtsSeed {
  name: string;
  bytes: Uint8Array;
}

export interface Corpus {
  specs: SpecSeed[];
  /** Small .wts files: mutated alone by the scanner target and paired with specs by the check target. */
  wts: WtsSeed[];
}

/** Folders of regression cases: each holds spec.yaml and/or model.wts (test/hostile/fuzz.test.ts runs them). */
export const REGRESSIONS = "test/hostile/fuzz";

/** .wts seeds larger than this are used only with their spec (mutating them byte by byte is slow). */
const MAX_WTS_SEED = 1 << 16;

const dirs = (root: string): string[] =>
  existsSync(root)
    ? readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
const files = (root: string, ext: string): string[] =>
  existsSync(root)
    ? readdirSync(root)
        .filter((f) => f.endsWith(ext))
        .sort()
    : [];
const bytes = (p: string): Uint8Array => new Uint8Array(readFileSync(p));

/** Loads every seed; `root` is the repository root. */
export function loadCorpus(root = "."): Corpus {
  const specs: SpecSeed[] = [];
  const wts: WtsSeed[] = [];
  const addSpec = (name: string, specPath: string, wtsPath: string | undefined) => {
    const seed: SpecSeed = { name, spec: readFileSync(specPath, "utf8") };
    if (wtsPath !== undefined && existsSync(wtsPath)) seed.wts = bytes(wtsPath);
    specs.push(seed);
  };
  for (const d of dirs(join(root, "examples"))) {
    const spec = join(root, "examples", d, "spec.yaml");
    if (existsSync(spec)) addSpec(`examples/${d}`, spec, join(root, "examples", d, `${d}.wts`));
  }
  for (const parent of ["test/invalid", REGRESSIONS]) {
    for (const d of dirs(join(root, parent))) {
      const dir = join(root, parent, d);
      const model = join(dir, "model.wts");
      if (existsSync(join(dir, "spec.yaml"))) addSpec(`${parent}/${d}`, join(dir, "spec.yaml"), model);
      else if (existsSync(model)) wts.push({ name: `${parent}/${d}`, bytes: bytes(model) });
    }
  }
  for (const f of files(join(root, "fuzz/corpus/spec"), ".yaml")) addSpec(`fuzz/corpus/spec/${f}`, join(root, "fuzz/corpus/spec", f), undefined);
  for (const parent of ["test/wts-corpus", "fuzz/corpus/wts"]) {
    for (const f of files(join(root, parent), ".wts")) wts.push({ name: `${parent}/${f}`, bytes: bytes(join(root, parent, f)) });
  }
  for (const s of specs) if (s.wts !== undefined && s.wts.length <= MAX_WTS_SEED) wts.push({ name: `${s.name} (weights)`, bytes: s.wts });
  return { specs, wts };
}
