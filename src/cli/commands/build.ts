import { runBuild } from "../../build/build.js";
import { printDiagnostics } from "../output.js";

export interface BuildArgs {
  spec: string;
  wts: string;
  engine: string;
  fp16: boolean;
  workspace?: number;
  buildDir?: string;
  cmake: string;
  foldBn?: boolean;
}

export async function runBuildCommand(a: BuildArgs): Promise<number> {
  const { code, diags } = await runBuild({ ...a, log: (l) => process.stderr.write(l + "\n") });
  printDiagnostics(diags);
  return code;
}
