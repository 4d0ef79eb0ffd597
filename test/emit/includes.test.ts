// Every emitted C++ file includes the header of what it uses: a file that names
// `compat::` (trt_compat.h) must include trt_compat.h itself, not rely on another
// header happening to pull it in. Checked for every example and every simulation
// fixture (they cover every op that lowers through trt_compat.h, e.g. upsample).
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate } from "../../src/emit/emit.js";

const specs = [
  ...readdirSync("examples").map((n) => ({ spec: `examples/${n}/spec.yaml`, wts: `examples/${n}/${n}.wts` })),
  ...readdirSync("test/simulate/fixtures").map((n) => ({ spec: `test/simulate/fixtures/${n}/spec.yaml`, wts: `test/simulate/fixtures/${n}/model.wts` })),
].filter((s) => existsSync(s.spec));

const COMMENT = /\/\/[^\n]*/g;
const usesCompat = (text: string) => /\bcompat::/.test(text.replace(COMMENT, ""));
const includesCompat = (text: string) => /^#include "(runtime\/)?trt_compat\.h"$/m.test(text);

describe("emitted C++ includes what it uses", () => {
  let compatUsers = 0;

  for (const { spec, wts } of specs) {
    it(spec, async () => {
      const { diags, files } = await generate({ spec, wts: existsSync(wts) ? wts : undefined });
      expect(diags.errorCount).toBe(0);
      for (const [file, text] of files!) {
        if (!/\.(h|cpp)$/.test(file) || file.endsWith("trt_compat.h") || !usesCompat(text)) continue;
        compatUsers++;
        expect(includesCompat(text), `${file} uses trtgen::compat:: but does not include trt_compat.h`).toBe(true);
      }
    });
  }

  it("saw network sources that use trtgen::compat (the check is not vacuous)", async () => {
    expect(compatUsers).toBeGreaterThan(0);
    const { files } = await generate({ spec: "test/simulate/fixtures/nearest_x2/spec.yaml" });
    expect(files!.get("nearest_x2_network.cpp")).toMatch(/trtgen::compat::kResizeNearest/);
  });

  it("the rule rejects a source that uses compat:: without the include", () => {
    const bad = '#include "runtime/network_builder.h"\nvoid f(nvinfer1::IResizeLayer* l) { l->setResizeMode(trtgen::compat::kResizeNearest); }\n';
    expect(usesCompat(bad) && !includesCompat(bad)).toBe(true);
    expect(includesCompat(`#include "runtime/trt_compat.h"\n${bad}`)).toBe(true);
    expect(usesCompat("// see compat::kResizeNearest\nint x;\n")).toBe(false);
  });
});
