// Types of scripts/check-packed-app.mjs, for the packaging test.
export const FORBIDDEN_PACKAGES: string[];
export function asarFiles(file: string): string[];
export function checkPackedApp(target: {
  resourcesDir: string;
  platform: string;
  arch: string;
  electronVersion: string;
  projectDir: string;
}): string[];
export default function afterPack(context: unknown): Promise<void>;
