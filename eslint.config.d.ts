// Types of what tests import from eslint.config.js (plain JavaScript, as ESLint loads it).
export interface Layer {
  folder: string;
  internal: string[];
  packages: string[];
  why: string;
}
export const LAYERS: Layer[];
declare const config: unknown;
export default config;
