/**
 * The rule registry. Each rule lives in `rules/<id>/rule.ts` with its README beside it;
 * add new rules here (one import line and one array line), keeping both lists sorted by id.
 */
import type { Rule, RuleMeta } from '../src/engine/rule.js';
import accessManifestDrift from './access-manifest-drift/rule.js';
import { metaRules as engineMetaRules } from './meta.js';
import noArbitraryHttp from './no-arbitrary-http/rule.js';
import noBroadHarnessPermissions from './no-broad-harness-permissions/rule.js';
import noCodeEval from './no-code-eval/rule.js';
import noDisabledApprovals from './no-disabled-approvals/rule.js';
import noFreeFormShell from './no-free-form-shell/rule.js';
import noHardcodedSecrets from './no-hardcoded-secrets/rule.js';
import noHumanCredentials from './no-human-credentials/rule.js';
import noInheritedEnvironment from './no-inherited-environment/rule.js';
import noLethalTrifecta from './no-lethal-trifecta/rule.js';
import noMisleadingToolAnnotations from './no-misleading-tool-annotations/rule.js';
import noOverprivilegedAgentJob from './no-overprivileged-agent-job/rule.js';
import noRawSql from './no-raw-sql/rule.js';
import noRubberStampApproval from './no-rubber-stamp-approval/rule.js';
import noRuntimeEscalation from './no-runtime-escalation/rule.js';
import noSecretInContext from './no-secret-in-context/rule.js';
import noSharedCredentials from './no-shared-credentials/rule.js';
import noUnpinnedMcpServer from './no-unpinned-mcp-server/rule.js';
import noUntrustedInputToAgent from './no-untrusted-input-to-agent/rule.js';
import noWidenedSandbox from './no-widened-sandbox/rule.js';
import requireApprovalForDestructive from './require-approval-for-destructive/rule.js';
import requireAuditTrail from './require-audit-trail/rule.js';
import requireFsConfinement from './require-fs-confinement/rule.js';
import requireTypedSchema from './require-typed-schema/rule.js';
import respectRoleScope from './respect-role-scope/rule.js';

export const allRules: Rule[] = [
  accessManifestDrift,
  noArbitraryHttp,
  noBroadHarnessPermissions,
  noCodeEval,
  noDisabledApprovals,
  noFreeFormShell,
  noHardcodedSecrets,
  noHumanCredentials,
  noInheritedEnvironment,
  noLethalTrifecta,
  noMisleadingToolAnnotations,
  noOverprivilegedAgentJob,
  noRawSql,
  noRubberStampApproval,
  noRuntimeEscalation,
  noSecretInContext,
  noSharedCredentials,
  noUnpinnedMcpServer,
  noUntrustedInputToAgent,
  noWidenedSandbox,
  requireApprovalForDestructive,
  requireAuditTrail,
  requireFsConfinement,
  requireTypedSchema,
  respectRoleScope,
];

export const metaRules: RuleMeta[] = engineMetaRules;
