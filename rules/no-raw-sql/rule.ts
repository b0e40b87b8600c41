import { defineRule } from '../../src/engine/rule.js';
import { agentPhrase, modelControlledReaches, sinkLabel } from '../support.js';

/**
 * Reports a model-controlled string executed as SQL: interpolated into the statement of
 * `query()` / `execute()` / `exec()`, `$queryRawUnsafe`, `knex.raw`, `sql.unsafe`, `sql.raw`.
 * Values passed as parameters (`query('... $1', [id])`, tagged `sql` templates) are not reported.
 */
export default defineRule({
  meta: {
    id: 'no-raw-sql',
    title: 'Model-controlled SQL statement',
    category: 'operations',
    defaultSeverity: 'error',
    cwe: ['CWE-89'],
    owasp: ['LLM06', 'ASI02'],
    help: 'Keep the SQL statement constant and pass the model\'s values as parameters (`$1` placeholders with a values array, or a tagged `sql` template); give the tool one query, not a query language.',
  },
  check({ graph }) {
    return modelControlledReaches(
      graph,
      (op) => op === 'db.query',
      (reach) =>
        reach.edge.attrs?.sink === 'mongo.aggregate'
          ? `${agentPhrase(reach.agents)} can run any aggregation pipeline: tool \`${reach.tool.name}\` passes a model-written pipeline to \`${sinkLabel(reach)}\` (\`$lookup\` and \`$unionWith\` read any collection, \`$out\` and \`$merge\` write).`
          : reach.edge.attrs?.sink === 'mongo.find'
            ? `${agentPhrase(reach.agents)} can run any MongoDB query: tool \`${reach.tool.name}\` passes a model-written filter to \`${sinkLabel(reach)}\` (\`{}\` matches every document, \`$where\` runs JavaScript where the server allows it); write the filter in code and take only values from the model.`
            : `${agentPhrase(reach.agents)} can run arbitrary SQL: tool \`${reach.tool.name}\` builds the statement passed to \`${sinkLabel(reach)}\` from model-controlled input instead of passing it as parameters.`,
    );
  },
});
