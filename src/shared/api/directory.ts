import { z } from 'zod';
import { method } from '../contract';
import { customFieldDefSchema, PHOTO_RULES } from '../domain';
import { EVERYONE } from '../roles';

export const hostSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  department: z.string().nullable(),
});

export const visitorTypeSchema = z.object({
  id: z.string(),
  names: z.record(z.string(), z.string()),
  color: z.string(),
  photo: z.enum(PHOTO_RULES),
  requiresId: z.boolean(),
  requiresApproval: z.boolean(),
  customFields: z.array(customFieldDefSchema),
});
export type VisitorType = z.infer<typeof visitorTypeSchema>;

export const directoryMethods = {
  'hosts.search': method({
    summary:
      "Staff search of this station's host directory by name (accents and case ignored); visitors use kiosk.findHosts, which honours hideHostDirectory.",
    roles: ['admin', 'reception', 'security', 'host', 'station'],
    writes: false,
    input: z.object({
      query: z.string().trim().min(3).max(100),
      limit: z.number().int().min(1).max(50).default(8),
    }),
    output: z.object({ hosts: z.array(hostSummarySchema) }),
  }),
  'visitorTypes.list': method({
    summary: "The visitor types of this station's site, with their rules and custom fields.",
    roles: EVERYONE,
    writes: false,
    input: z.object({}),
    output: z.object({ types: z.array(visitorTypeSchema) }),
  }),
};
