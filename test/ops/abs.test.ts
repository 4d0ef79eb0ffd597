import { describe } from "vitest";
import { abs } from "../../src/ops/abs.js";
import { unaryOpTests } from "./helpers.js";

describe("abs", () => unaryOpTests(abs, "kABS"));
