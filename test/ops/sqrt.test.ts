import { describe } from "vitest";
import { sqrt } from "../../src/ops/sqrt.js";
import { unaryOpTests } from "./helpers.js";

describe("sqrt", () => unaryOpTests(sqrt, "kSQRT"));
