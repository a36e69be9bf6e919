// GET /api/openapi.json: the station's API as an OpenAPI 3.1 document, built from the same method table
// as GET /api (src/shared/api), so client generators and Swagger UI read it. Every method is
// POST /api/<method> with a JSON body; staff methods need the session token as a bearer token.
import { z } from 'zod';
import { methods, methodNames } from '../../shared/api';
import { VERSION } from '../core/version';

const ERROR = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    fields: { type: 'object', additionalProperties: true },
    retryAfterSeconds: { type: 'number' },
  },
} as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** JSON Schema 2020-12 (what OpenAPI 3.1 uses), without the per-schema $schema keyword. */
function schemaOf(type: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(type, { io, unrepresentable: 'any' });
  return schema;
}

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const name of methodNames) {
    const def = methods[name];
    const open = (def.roles as readonly string[]).includes('visitor');
    paths[`/api/${name}`] = {
      post: {
        operationId: name,
        summary: def.summary,
        description: `Roles: ${def.roles.join(', ')}.${def.writes ? ' Changes data (audited).' : ''}`,
        tags: [name.split('.')[0]],
        ...(open ? { security: [{}, { session: [] }] } : {}),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(def.input, 'input') } },
        },
        responses: {
          '200': {
            description: 'Done.',
            content: { 'application/json': { schema: schemaOf(def.output, 'output') } },
          },
          '400': errorResponse('The input is not right; nothing was changed.'),
          '401': errorResponse('No valid session.'),
          '403': errorResponse('Not allowed for this role.'),
          default: errorResponse('Refused or failed; nothing was changed.'),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse station API',
      version: VERSION,
      description:
        'Every method of a Gatehouse station (docs/architecture.md). Events: the WebSocket /api/events.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    paths,
    components: {
      schemas: { Error: ERROR },
      securitySchemes: {
        session: { type: 'http', scheme: 'bearer', description: 'The token session.signIn answers.' },
      },
    },
  };
}
