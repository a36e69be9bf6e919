// vitest globalSetup: the child-process test programs compiled once for the whole run (./programs.ts);
// every test worker inherits where they are, and the teardown removes them.
import { buildTestPrograms } from './programs';

export default async function setup(): Promise<() => void> {
  return buildTestPrograms();
}
