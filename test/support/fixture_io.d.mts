/** Types of fixture_io.mjs (plain JavaScript so that test/realtrt/prepare.mjs can run it without a build). */
export function fixtureIO(dir: string, inputs: string[], outputs: string[]): { inputs: Record<string, string>; outputs: Record<string, string> };
