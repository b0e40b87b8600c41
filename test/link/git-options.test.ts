import { describe, expect, it } from 'vitest';
import { gitOptionInjection } from '../../src/link/git-options.js';

describe('gitOptionInjection', () => {
  it('finds a value of its own after a subcommand whose option runs a program', () => {
    expect(gitOptionInjection('git clone ${…} ${…}')).toEqual({ op: 'shell.exec', subcommand: 'clone', option: '--upload-pack' });
    expect(gitOptionInjection('git push --delete ${…} ${…}:${…} --force')).toEqual({ op: 'shell.exec', subcommand: 'push', option: '--receive-pack' });
  });

  it('finds one after a subcommand whose option writes a file, past git options with values', () => {
    expect(gitOptionInjection('git -C ${…} log -n${…} --format=%H ${…}')).toEqual({ op: 'fs.write', subcommand: 'log', option: '--output' });
  });

  it('stays silent when `--` comes first, when values only follow a flag, or when git is not run', () => {
    expect(gitOptionInjection('git log --oneline -- ${…}')).toBeUndefined();
    expect(gitOptionInjection('git clone --end-of-options ${…} ${…}')).toBeUndefined();
    expect(gitOptionInjection('git log --author=${…} -n${…}')).toBeUndefined();
    expect(gitOptionInjection('git status ${…}')).toBeUndefined();
    expect(gitOptionInjection('git ${…} ${…}')).toBeUndefined();
    expect(gitOptionInjection('hg clone ${…}')).toBeUndefined();
  });
});
