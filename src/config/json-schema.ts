import { z } from 'zod';
import { configSchema } from './schema.js';

/** The JSON Schema of leash.config.json, generated from the zod schema (shipped in `schema/`). */
export function configJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(configSchema, { io: 'input' }), title: 'leash configuration' };
}
