import { describe } from "vitest";
import { neg } from "../../src/ops/neg.js";
import { unaryOpTests } from "./helpers.js";

describe("neg", () => unaryOpTests(neg, "kNEG"));
