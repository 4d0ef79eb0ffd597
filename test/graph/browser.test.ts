// The HTML report as a person sees it: each example's page (and a failing spec's, a
// hostile one's and one with a profile) opened in headless Chromium (Debian's
// `chromium`): every layer name is in the DOM, in the table and in the picture, the
// page logs no error, pan, zoom and selection work, and a screenshot is taken
// (build/graph-screenshots/<case>.png).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderGraph } from "../../src/graph/index.js";
import { Chromium, findChromium, type Page } from "../support/chromium.js";

const executable = findChromium();
const title = executable
  ? "the HTML report in headless Chromium"
  : "the HTML report in headless Chromium (SKIPPED: no chromium; install Debian's with `apt-get install -y chromium` or set $CHROMIUM)";

const tmp = mkdtempSync(join(tmpdir(), "trtgen-browser-"));
const shots = resolve("build/graph-screenshots");

const examples = readdirSync("examples")
  .filter((n) => existsSync(`examples/${n}/spec.yaml`))
  .sort();

interface Case {
  name: string;
  spec: string;
  wts?: string;
  profile?: string;
}

const failing = join(tmp, "failing.yaml");
const hostile = join(tmp, "hostile.yaml");
writeFileSync(
  failing,
  "name: failing\ninputs:\n  - {name: x, shape: [1, 3, 8, 8]}\nlayers:\n  - {name: conv, op: conv2d, out_channels: 4, kernel_size: 3}\n  - {name: fc, op: linear, in_features: 7, out_features: 2}\n  - {name: act, op: relu}\noutputs: [act]\n",
);
writeFileSync(
  hostile,
  [
    'name: "<img src=x onerror=alert(1)>"',
    "inputs:",
    '  - {name: "in\\"put</script><script>alert(2)</script>", shape: [1, 4]}',
    "layers:",
    '  - {name: "<b onmouseover=alert(3)>&amp;", op: relu}',
    '  - {name: "back\\\\slash\\\\N ]]> -->", op: relu}',
    "  - {name: \"é 中 'q'\", op: relu}",
    "outputs: [\"é 中 'q'\"]",
    "",
  ].join("\n"),
);

const cases: Case[] = [
  ...examples.map((n) => ({ name: n, spec: `examples/${n}/spec.yaml`, ...(existsSync(`examples/${n}/${n}.wts`) ? { wts: `examples/${n}/${n}.wts` } : {}) })),
  { name: "resnet_tiny-profile", spec: "examples/resnet_tiny/spec.yaml", profile: "test/graph/fixtures/resnet_tiny.profile.json" },
  { name: "failing", spec: failing },
  { name: "hostile", spec: hostile },
];

describe.skipIf(!executable)(title, () => {
  let browser: Chromium;
  beforeAll(() => {
    browser = Chromium.launch(executable!);
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("catches what it looks for: a script error, a console error, a dialog, a blocked request", { timeout: 60_000 }, async () => {
    const file = join(tmp, "broken.html");
    writeFileSync(
      file,
      `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head><body>` +
        `<img src="https://example.invalid/x.png"><script>console.error("bad"); alert("hi");</script><script>nosuch();</script></body></html>`,
    );
    const page = await browser.newPage(800, 600);
    try {
      await page.open(pathToFileURL(file).href);
      const problems = page.problems().join("\n");
      expect(problems).toContain("console.error: bad");
      expect(problems).toContain("dialog: hi");
      expect(problems).toMatch(/exception: ReferenceError: nosuch is not defined/);
      expect(problems).toMatch(/log: .*Content Security Policy/);
    } finally {
      await page.close();
    }
  });

  for (const c of cases) {
    it(c.name, { timeout: 60_000 }, async () => {
      const { text, view } = await renderGraph({ spec: c.spec, specLabel: c.spec, wts: c.wts, profile: c.profile, format: "html" });
      const file = join(tmp, `${c.name}.html`);
      writeFileSync(file, text!);
      const page = await browser.newPage(1280, 1000);
      try {
        await page.open(pathToFileURL(file).href);
        // every layer (and input) is in the table and in the picture
        const named = view!.nodes.filter((n) => n.kind !== "output").map((n) => [n.id, n.name]);
        expect(named.length).toBeGreaterThan(0);
        const missing = await page.evaluate<string[]>(
          `(${JSON.stringify(named)}).filter(([id, name]) => {
            const cell = document.querySelector('#layers tr[data-node="' + id + '"] td:nth-child(2)');
            const node = document.getElementById(id);
            return !cell || !cell.textContent.startsWith(name) || !node || !node.matches("g.node") || !node.textContent.includes(name.slice(0, 60));
          }).map(([, name]) => name)`,
        );
        expect(missing).toEqual([]);
        if (c.name === "failing") {
          expect(await page.evaluate<string>(`document.querySelector('tr.error').textContent`)).toContain("E0201 shape-mismatch");
          expect(await page.evaluate<string>(`document.querySelector('.banner').textContent`)).toContain("check failed: 1 error (in red: fc)");
        }
        if (c.profile) expect(await page.evaluate<number>(`document.querySelectorAll('#profile tr[data-node]').length`)).toBe(10);
        await interact(page);
        const png = await page.screenshot();
        expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
        expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
        expect(png.length).toBeGreaterThan(20_000); // a drawn page, not a blank one
        writeFileSync(join(shots, `${c.name}.png`), png);
        expect(page.problems()).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});

/** Click a node (its row is selected), zoom with the wheel, pan by dragging, fit the whole picture. */
async function interact(page: Page): Promise<void> {
  const viewBox = () => page.evaluate<string>(`document.querySelector('#view svg').getAttribute('viewBox')`);
  const home = await viewBox();
  const centre = async (selector: string) =>
    page.evaluate<{ x: number; y: number }>(
      `(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`,
    );
  const mouse = (type: string, p: { x: number; y: number }, extra: Record<string, unknown> = {}) =>
    page.send("Input.dispatchMouseEvent", { type, x: p.x, y: p.y, button: "left", clickCount: 1, ...extra });

  const node = await centre("g.node");
  await mouse("mousePressed", node);
  await mouse("mouseReleased", node);
  const id = await page.evaluate<string>(`document.querySelector('g.node').id`);
  expect(await page.evaluate<boolean>(`document.querySelector('#layers tr[data-node="${id}"]').classList.contains('sel')`)).toBe(true);

  const view = await centre("#view");
  await mouse("mouseWheel", view, { deltaX: 0, deltaY: -400, button: "none" });
  const zoomed = (await viewBox()).split(" ").map(Number);
  expect(zoomed[2]).toBeLessThan(Number(home.split(" ")[2]));
  await mouse("mousePressed", view);
  await mouse("mouseMoved", { x: view.x + 50, y: view.y + 30 }, { buttons: 1 });
  await mouse("mouseReleased", { x: view.x + 50, y: view.y + 30 });
  const panned = (await viewBox()).split(" ").map(Number);
  expect(panned[0]).toBeLessThan(zoomed[0]!);
  expect(panned[2]).toBeCloseTo(zoomed[2]!);
  await page.evaluate(`document.getElementById('zoom-fit').click()`);
  const whole = await page.evaluate<string>(`document.querySelector('#view svg').getAttribute('data-home')`);
  expect((await viewBox()).split(" ").map(Number)).toEqual(whole.split(" ").map(Number));
}
