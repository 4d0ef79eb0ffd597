import { describe } from "vitest";
import { exp } from "../../src/ops/exp.js";
import { unaryOpTests } from "./helpers.js";

describe("exp", () => unaryOpTests(exp, "kEXP"));
