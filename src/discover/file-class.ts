/**
 * What a file is for: production code (reported), or tests, evals, mocks and fixtures (analysed,
 * counted, but not reported unless `--include-tests`). Examples are production: users copy them.
 */
// Also a package named for its tests (`integration-tests/`, `eval-tests/`, `e2e-tests/`).
const TEST_DIR = /(?:^|\/)(?:__tests__|__mocks__|tests?|spec|e2e|evals?|fixtures?|mocks?|__fixtures__|testdata|test-utils|[\w.]+-(?:tests|evals|e2e))\//;
const TEST_FILE = /\.(?:test|spec|e2e|eval)\.[cm]?[jt]sx?$|(?:^|\/)(?:vitest|jest|playwright)\.config\.[cm]?[jt]s$/;

export type FileClass = 'production' | 'test';

export function fileClass(rel: string): FileClass {
  return TEST_DIR.test(rel) || TEST_FILE.test(rel) ? 'test' : 'production';
}
