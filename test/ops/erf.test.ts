import { describe } from "vitest";
import { erf } from "../../src/ops/erf.js";
import { unaryOpTests } from "./helpers.js";

describe("erf", () => unaryOpTests(erf, "kERF"));
