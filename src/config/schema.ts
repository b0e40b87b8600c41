import { z } from 'zod';

const severitySetting = z.enum(['off', 'note', 'warning', 'error'], {
  error: () => 'must be one of "off", "note", "warning", "error"',
});

/** `leash.config.json` (JSONC allowed) or `leash.config.yaml`. Unknown keys are errors, so typos surface. */
export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    extends: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe('Configs this one builds on: `leash:recommended`, `leash:strict` (every rule an error), or a path to a shared config file.'),
    overrides: z
      .array(z.strictObject({ files: z.array(z.string()).min(1).describe('Globs (gitignore syntax).'), rules: z.record(z.string(), severitySetting) }))
      .default([])
      .describe('Rule severities for some paths only: the last matching override wins.'),
    rules: z
      .record(z.string(), severitySetting)
      .default({})
      .describe('Severity per rule id: "off", "note", "warning" or "error".'),
    include: z.array(z.string()).default([]).describe('Globs (gitignore syntax) of files to scan; empty = everything.'),
    exclude: z.array(z.string()).default([]).describe('Globs (gitignore syntax) of files never to scan.'),
    exceptions: z
      .array(
        z.strictObject({
          path: z.string().min(1).describe('Glob (gitignore syntax) of the files the exception covers, e.g. `.mcp.json`.'),
          rule: z.string().min(1).describe('The rule id it silences.'),
          reason: z.string().min(3).describe('Why this is accepted: required, shown in reviews.'),
          until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD').optional().describe('After this day the exception no longer applies.'),
        }),
      )
      .default([])
      .describe('Accepted findings in files that cannot carry comments (JSON configs): by path and rule, with a reason and an optional expiry.'),
    roles: z
      .array(
        z.strictObject({
          name: z.string().min(1).describe('The role, as people call it: "support reader", "release bot".'),
          agents: z.array(z.string()).min(1).describe('Agent ids or names given this role; `*` matches any run of characters.'),
          operations: z.array(z.string()).default([]).describe('Operation classes allowed (`fs.read`, `db.query`, `net.*`); anything else reached is reported.'),
          tools: z.array(z.string()).optional().describe('Tool names allowed (`*` wildcards); absent = any tool whose operations are allowed.'),
          mcpServers: z.array(z.string()).optional().describe('MCP server names allowed; absent = none may be used.'),
          credentials: z.array(z.string()).optional().describe('Credential references allowed, or a class: `service`; absent = none may be held.'),
        }),
      )
      .default([])
      .describe('Roles: what the agents assigned to each may reach (respect-role-scope).'),
  })
  .describe('leash configuration');

export type LeashConfig = z.output<typeof configSchema>;

export const DEFAULT_CONFIG: LeashConfig = configSchema.parse({});
