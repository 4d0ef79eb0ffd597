import { runBuild, type BuildOptions } from "../../cmake/build.js";
import { printDiagnostics } from "../output.js";

export type BuildArgs = Omit<BuildOptions, "log">;

export async function runBuildCommand(a: BuildArgs): Promise<number> {
  const { code, diags } = await runBuild({ ...a, log: (l) => process.stderr.write(l + "\n") });
  printDiagnostics(diags);
  return code;
}
