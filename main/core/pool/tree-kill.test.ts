import type { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { killProcessTree, treeKillCommand } from './tree-kill.js';

describe('treeKillCommand', () => {
  it('is taskkill /T /F on Windows and nothing elsewhere (signals and process groups do it)', () => {
    expect(treeKillCommand(4242, 'win32')).toEqual({ cmd: 'taskkill', args: ['/PID', '4242', '/T', '/F'] });
    expect(treeKillCommand(4242, 'linux')).toBeNull();
    expect(treeKillCommand(4242, 'darwin')).toBeNull();
    expect(() => treeKillCommand(0, 'win32')).toThrow(/process id/);
  });
});

describe('killProcessTree', () => {
  it('runs the command without a console window, and falls back when it cannot start', () => {
    const runs: { cmd: string; args: readonly string[]; opts: unknown }[] = [];
    let fellBack = 0;
    const child = Object.assign(new EventEmitter(), { unref() {} });
    const run = ((cmd: string, args: readonly string[], opts: unknown) => {
      runs.push({ cmd, args, opts });
      return child;
    }) as unknown as typeof spawn;
    expect(killProcessTree(77, { platform: 'win32', run, fallback: () => fellBack++ })).toBe(true);
    expect(runs[0]).toMatchObject({ cmd: 'taskkill', args: ['/PID', '77', '/T', '/F'], opts: { windowsHide: true } });
    child.emit('error', new Error('ENOENT'));
    expect(fellBack).toBe(1);
    expect(killProcessTree(77, { platform: 'linux', run })).toBe(false);
    expect(runs).toHaveLength(1);
  });
});
