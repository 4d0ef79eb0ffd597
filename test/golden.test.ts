// generated/<example>/ must be exactly what `trtgen emit` writes today
// (`npm run regen` rewrites it; review the diff and commit).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { generate } from "../src/emit/emit.js";

const examples = readdirSync("examples")
  .filter((n) => existsSync(`examples/${n}/spec.yaml`))
  .sort();

describe("generated/ matches trtgen emit", () => {
  it("has one folder per example", () => {
    expect(readdirSync("generated").sort()).toEqual(examples);
  });

  for (const name of examples) {
    it(name, async () => {
      const wts = `examples/${name}/${name}.wts`;
      const { diags, files } = await generate({ spec: `examples/${name}/spec.yaml`, wts: existsSync(wts) ? wts : undefined });
      expect(diags.items).toEqual([]);
      const dir = join("generated", name);
      const onDisk = fg.sync("**/*", { cwd: dir, dot: true }).sort();
      expect(onDisk).toEqual([...files!.keys()].sort());
      for (const [rel, text] of files!) {
        expect(readFileSync(join(dir, rel), "utf8"), `${relative(".", join(dir, rel))} drifted: run npm run regen`).toBe(text);
      }
    });
  }

  it("is deterministic: two runs give identical bytes", async () => {
    const a = await generate({ spec: "examples/resnet_tiny/spec.yaml" });
    const b = await generate({ spec: "examples/resnet_tiny/spec.yaml" });
    expect([...a.files!.entries()]).toEqual([...b.files!.entries()]);
  });

  it("has no version stamps or dates in generated files", () => {
    for (const f of fg.sync("generated/**/*", { dot: true })) {
      const text = readFileSync(f, "utf8");
      expect(text).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
      expect(text).not.toMatch(/trtgen (v|version )?\d+\.\d+/i);
    }
  });
});
