// A fuzz pass over the whole API (issue #14): random and malformed inputs, shaped by each method's input
// JSON Schema from GET /api, sent anonymously and as every staff role to a real web host. Whatever comes
// in, the station never answers 500, and a refused call changes nothing (the audit chain grows by at most
// the one refusal entry a 401/403/423 records). A fixed seed and a bounded number of runs keep it
// repeatable and quick.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods as declared } from '../../src/shared/api';
import type { MethodDef } from '../../src/shared/contract';
import { startHost, type SecurityHost } from './host';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minLength?: number;
}
interface Listed {
  name: string;
  input: Schema;
}

let host: SecurityHost;
let methods: Listed[];
const logins = [
  ['admin', '1111'],
  ['reception', '2222'],
  ['security', '3333'],
  ['host', '4444'],
] as const;

beforeAll(async () => {
  host = await startHost('kiosk');
  const listing = (await (await fetch(`${host.base}/api`)).json()) as { methods: Listed[] };
  // Signing out would end the fuzzing session itself; every other method is fair game.
  methods = listing.methods.filter((m) => m.name !== 'session.signOut');
});
afterAll(() => host.close());

/** The property names a method's input may have (of an object, or of each choice of a union). */
function keysOf(schema: Schema): string[] {
  const choices = schema.anyOf ?? schema.oneOf ?? [schema];
  return [...new Set(choices.flatMap((c) => Object.keys(c.properties ?? {})))];
}

const hostile = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom('', ' ', '\u0000', '\ud800', 'a'.repeat(5000), '=1+1', '<!channel>', '../../etc/passwd'),
  fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER),
);

/** Text that mostly fits, and sometimes breaks: a lone surrogate, markup, a formula, a line break. */
const text = (min = 0) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: 40 }),
    fc.constantFrom('Ada Lovelace', 'ada@engines.example', '2026-11-22', 'GH1:abc', 'scan:x'),
    fc.string({ minLength: Math.max(min, 1), maxLength: 20 }).map((t) => `${t}\ud800`),
    fc.constantFrom('=HYPERLINK("x",\n"y")', '<!channel>', 'x'.repeat(3000)),
  );

/** Values shaped like a JSON Schema (so that many get past validation into the handlers), or not at all. */
function fromSchema(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map((c) => fromSchema(c, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return text(schema.minLength ?? 0);
    case 'integer':
      return fc.integer({ min: -5, max: 100_000 });
    case 'number':
      return fc.double({ noNaN: true, min: -5, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schema.items ? fromSchema(schema.items, depth + 1) : fc.jsonValue(), { maxLength: 3 });
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(shape, {
        requiredKeys: Object.keys(props).filter((k) => required.has(k)),
      });
    }
    default:
      return fc.jsonValue();
  }
}

describe('the whole API under random input', () => {
  it('never answers 500, and a refused call changes nothing', async () => {
    const tokens: Array<string | undefined> = [undefined];
    for (const [login, pin] of logins) tokens.push(await host.signIn(login, pin));
    const inputFor = (m: Listed) =>
      fc.oneof(
        { weight: 4, arbitrary: fromSchema(m.input) },
        { weight: 1, arbitrary: fc.jsonValue() },
        {
          weight: 1,
          arbitrary: fc.dictionary(fc.constantFrom(...keysOf(m.input), 'extra'), hostile, { maxKeys: 6 }),
        },
      );
    await fc.assert(
      fc.asyncProperty(
        fc
          .nat({ max: methods.length - 1 })
          .chain((i) =>
            fc.tuple(fc.constant(methods[i]!), fc.nat({ max: tokens.length - 1 }), inputFor(methods[i]!)),
          ),
        async ([method, who, input]) => {
          const before = host.auditCount();
          const answer = await host.post(method.name, input, { token: tokens[who] });
          expect(answer.status, `${method.name} ${JSON.stringify(input)}`).toBeLessThan(500);
          if (answer.status >= 400) {
            const grew = host.auditCount() - before;
            // Role and sign-in refusals are audited, and every refusal of a method declared auditRefusals.
            const audited =
              [401, 403, 423].includes(answer.status) ||
              (declared as Record<string, MethodDef>)[method.name]?.auditRefusals === true;
            expect(grew, method.name).toBeLessThanOrEqual(audited ? 1 : 0);
          }
        },
      ),
      { numRuns: 2000, seed: 1414 },
    );
  });
});
