import { z } from 'zod';
import { configSchema } from './schema.js';

// Generated JSON Schema, walked by known paths only.
type JsonObject = Record<string, any>;

/**
 * The JSON Schema of leash.config.json, generated from the zod schema (shipped in `schema/`).
 * The zod schema checks rule ids against the loaded plugins at run time; the shipped schema lists
 * the built-in ones so that editors complete them and flag a typo as it is typed.
 */
export function configJsonSchema(ruleIds: readonly string[] = []): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input' }) as JsonObject;
  if (ruleIds.length) {
    const ids = [...ruleIds].sort();
    const props = schema.properties as JsonObject;
    props.rules.propertyNames = { type: 'string', enum: ids };
    props.overrides.items.properties.rules.propertyNames = { type: 'string', enum: ids };
    props.exceptions.items.properties.rule.enum = ids;
  }
  return { ...schema, title: 'leash configuration' };
}
