import { z } from 'zod';

const severitySetting = z.enum(['off', 'note', 'warning', 'error'], {
  error: () => 'must be one of "off", "note", "warning", "error"',
});

/** `leash.config.json` (JSONC allowed) or `leash.config.yaml`. Unknown keys are errors, so typos surface. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    rules: z
      .record(z.string(), severitySetting)
      .default({})
      .describe('Severity per rule id: "off", "note", "warning" or "error".'),
    include: z.array(z.string()).default([]).describe('Globs (gitignore syntax) of files to scan; empty = everything.'),
    exclude: z.array(z.string()).default([]).describe('Globs (gitignore syntax) of files never to scan.'),
  })
  .describe('leash configuration');

export type LeashConfig = z.output<typeof configSchema>;

export const DEFAULT_CONFIG: LeashConfig = configSchema.parse({});
