import { main, type CliIO } from '../../src/cli/main.js';

/** Runs the CLI in-process in `cwd` without colours; `all` is stdout and stderr interleaved. */
export async function runLeash(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string; all: string }> {
  let stdout = '';
  let stderr = '';
  let all = '';
  const io: CliIO = { stdout: (t) => ((stdout += t), (all += t)), stderr: (t) => ((stderr += t), (all += t)), cwd, env: { NO_COLOR: '1' }, isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr, all };
}
