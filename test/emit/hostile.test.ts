// Spec names reach generated C++ only as escaped string literals, sanitized
// comments and identifiers from the namer: hostile names cannot inject code.
import { describe, expect, it } from "vitest";
import { generate } from "../../src/emit/emit.js";
import { cppString, CppNamer, sanitize } from "../../src/emit/namer.js";

const STRING = /"(?:\\.|[^"\\\n])*"/g;
const COMMENT = /\/\/[^\n]*/g;

/** Decodes a C++ string literal as written by cppString. */
function decode(lit: string): string {
  const bytes: number[] = [];
  const body = lit.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== "\\") bytes.push(body.charCodeAt(i));
    else if (/[0-7]/.test(body[i + 1]!)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else bytes.push(body.charCodeAt(++i));
  }
  return Buffer.from(bytes).toString("utf8");
}

describe("hostile names", () => {
  it("generate code whose only spec text is inside string literals and comments", async () => {
    const { diags, files } = await generate({ spec: "test/emit/fixtures/hostile/spec.yaml" });
    expect(diags.items.filter((d) => d.severity === "error")).toEqual([]);
    const names = [...files!.keys()];
    expect(names.every((n) => /^[A-Za-z0-9_./-]+$/.test(n) && !n.includes(".."))).toBe(true);
    for (const [file, text] of files!) {
      if (!/\.(h|cpp)$/.test(file) || file.startsWith("runtime/")) continue;
      // every line comment stays one line and cannot splice the next line in
      for (const c of text.match(COMMENT) ?? []) expect(c.endsWith("\\")).toBe(false);
      const code = text.replace(STRING, '""').replace(COMMENT, "");
      expect(code).not.toMatch(/system\(|rm -rf|\.\.\/x|\?\?\//);
      expect(code).not.toContain("/*");
      // string literals decode to the exact spec names
      const literals = (text.match(STRING) ?? []).map(decode);
      if (file.endsWith("_network.cpp")) {
        for (const n of ['x"); system("rm -rf /"); //', 'in"put\\n', "line */ break ??/", "9lives\\", "int"]) expect(literals).toContain(n);
      }
    }
    // identifiers: keywords and collisions renamed
    const net = [...files!.entries()].find(([f]) => f.endsWith("_network.cpp"))![1];
    expect(net).toMatch(/auto\* int_ = network\.addActivation/);
    expect(net).toMatch(/auto\* a_b = /);
    expect(net).toMatch(/auto\* a_b_2 = /);
    expect(net).toMatch(/auto\* t9lives = /);
  });

  it("escapes every byte that could end or alter a literal", () => {
    expect(cppString('a"b\\c\n\td??/é')).toBe('"a\\"b\\\\c\\012\\011d\\?\\?/\\303\\251"');
  });

  it("namer avoids keywords, reserved names, leading digits and collisions", () => {
    const n = new CppNamer();
    expect(["class", "network", "3d", "a-b", "a_b", "", "__x"].map((s) => n.name(s))).toEqual(["class_", "network_", "t3d", "a_b", "a_b_2", "t", "x"]);
    expect(sanitize("conv.1/weight")).toBe("conv_1_weight");
    // names already in sanitized form come back as they are; any other goes through the rules
    for (const id of ["conv1", "a_b", "layer1_0_conv1_weight", "A9_z"]) expect(sanitize(id)).toBe(id);
    expect(["a__b", "_a", "a_", "9a", "é", "a-b"].map(sanitize)).toEqual(["a_b", "a", "a", "t9a", "e", "a_b"]);
  });
});
