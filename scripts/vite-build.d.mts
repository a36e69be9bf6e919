/** Runs `vite build ...args` in projectDir (scripts/vite-build.mjs); throws with vite's output on failure. */
export function viteBuild(
  projectDir: string,
  args: string[],
  options?: { what?: string; env?: NodeJS.ProcessEnv },
): void;
