import { defineRule } from '../../src/engine/rule.js';
import { agentPhrase, modelControlledReaches, sinkLabel } from '../support.js';

/**
 * Reports model-controlled code reaching an evaluator: `eval`, `new Function`, `vm.*` (not a
 * security boundary), a dynamic `import()` / `require()` of a model-chosen specifier, or a built-in
 * code interpreter that runs on the host. Hosted or sandboxed interpreters stay silent.
 */
export default defineRule({
  meta: {
    id: 'no-code-eval',
    title: 'Model-controlled code evaluation',
    category: 'operations',
    defaultSeverity: 'error',
    cwe: ['CWE-94'],
    owasp: ['LLM05', 'ASI05'],
    help: 'Do not evaluate model output as code on the host: expose narrow typed operations instead, or run code in a remote sandbox (E2B, Daytona, a provider-hosted code interpreter).',
  },
  check({ graph }) {
    return modelControlledReaches(
      graph,
      (op) => op === 'code.eval' || op === 'code.eval.browser',
      (reach) =>
        reach.op === 'code.eval.browser'
          ? `${agentPhrase(reach.agents)} can run arbitrary JavaScript in the browser it drives: tool \`${reach.tool.name}\` passes model-controlled input to \`${sinkLabel(reach)}\`, with the page's cookies and session.`
          : `${agentPhrase(reach.agents)} can run arbitrary code: tool \`${reach.tool.name}\` passes model-controlled input to \`${sinkLabel(reach)}\`, which evaluates it in the host process.`,
      // In a browser page the code cannot reach the host's files or credentials: a warning.
      (reach) => (reach.op === 'code.eval.browser' ? { severity: 'warning' } : {}),
    );
  },
});
