// trtgen's version, from package.json (the one place it is written); two folders below the checkout, as every module must be for the CLI bundle (scripts/bundle.mjs): `trtgen --version`
// prints it and generated builder programs record it in each engine's metadata.
import { readFileSync } from "node:fs";

export const TRTGEN_VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
