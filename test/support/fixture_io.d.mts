/** Types of fixture_io.mjs (plain JavaScript so that test/realtrt/prepare.mjs can run it without a build). */
export interface FixtureRun {
  /** A dynamic-shape run's name (e.g. min) and the optimization profile its shapes are in. */
  label?: string;
  profile?: number;
  /** Each dynamic input's shape in this run. */
  shapes?: Record<string, number[]>;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  fp16Unverifiable?: string;
}
export function fixtureIO(dir: string, inputs: string[], outputs: string[]): FixtureRun;
export function fixtureRuns(dir: string, inputs: string[], outputs: string[]): FixtureRun[];
