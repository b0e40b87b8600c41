import { defineRule } from '../../src/engine/rule.js';
import { agentPhrase, modelControlledReaches, sinkLabel } from '../support.js';

/**
 * Reports a model-controlled URL or host reaching an HTTP client (`fetch`, axios, got, undici,
 * `http(s).request`, ky) with no host allowlist: the agent can reach internal services and cloud
 * metadata endpoints, and exfiltrate data. A URL with a fixed origin, or a host checked against an
 * allowlist, is not reported.
 */
export default defineRule({
  meta: {
    id: 'no-arbitrary-http',
    title: 'Model-controlled URL',
    category: 'operations',
    defaultSeverity: 'warning',
    cwe: ['CWE-918'],
    owasp: ['LLM06', 'ASI02'],
    help: 'Fix the origin in code (`https://api.example.com/${path}`) or check the parsed URL\'s host against an allowlist before the request.',
  },
  check({ graph }) {
    return modelControlledReaches(
      graph,
      (op) => op === 'net.http',
      (reach) => `${agentPhrase(reach.agents)} can send requests to any host: tool \`${reach.tool.name}\` passes a model-controlled URL to \`${sinkLabel(reach)}\` with no host allowlist.`,
    );
  },
});
