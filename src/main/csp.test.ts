// The station's Content-Security-Policy stays strict now that the camera decoder is WebAssembly: the only
// addition is 'wasm-unsafe-eval' (compile WebAssembly), never eval, inline scripts or any other origin.
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './csp';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name, ...sources] = d.trim().split(/\s+/);
    return [name!, sources] as const;
  }),
);

describe('Content-Security-Policy', () => {
  it("scripts: the station's own and WebAssembly compilation, nothing else", () => {
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it("allows no JavaScript eval and no inline script anywhere ('wasm-unsafe-eval' is the one unsafe word)", () => {
    for (const [name, sources] of directives) {
      expect(sources, name).not.toContain("'unsafe-eval'");
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'");
      if (name !== 'script-src') expect(sources, name).not.toContain("'wasm-unsafe-eval'");
    }
  });

  it('names no other origin: no host, no scheme wildcard, nothing fetched or connected outside the station', () => {
    for (const [name, sources] of directives)
      for (const source of sources)
        expect(source, name).toMatch(
          /^('self'|'none'|'unsafe-inline'|'wasm-unsafe-eval'|data:|blob:|mediastream:)$/,
        );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
