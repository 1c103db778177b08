/**
 * The utilityProcess spawner's liveness rules, against a fake UtilityProcess (no Electron binary):
 * an early kill waits for 'spawn', nothing is posted after exit, output lines reach the log.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';

class FakeChild extends EventEmitter {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  kills = 0;
  postMessage(msg: unknown) {
    this.posted.push(msg);
  }
  kill() {
    this.kills += 1;
    return this.pid !== undefined;
  }
}

const forks: { entry: string; options: { serviceName?: string; stdio?: unknown; env?: Record<string, string> }; child: FakeChild }[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork: (entry: string, _args: string[], options: { serviceName?: string }) => {
      const child = new FakeChild();
      forks.push({ entry, options, child });
      return child;
    },
  },
}));

const { utilityProcessSpawner } = await import('./utility-spawner.js');

describe('utilityProcessSpawner', () => {
  it('forks with a serviceName, piped stdio and the extra env', () => {
    utilityProcessSpawner(() => {})('/app/media-worker.js', { name: 'media-1', env: { FFMPEG_PATH: '/usr/bin/ffmpeg' } });
    const { options } = forks.at(-1)!;
    expect(options.serviceName).toBe('media-1');
    expect(options.stdio).toBe('pipe');
    expect(options.env?.FFMPEG_PATH).toBe('/usr/bin/ffmpeg');
    expect(options.env?.NODE_OPTIONS).toBeUndefined();
  });

  it('defers a kill requested before spawn until the child has spawned', () => {
    const handle = utilityProcessSpawner(() => {})('/w.js', { name: 'media-2' });
    const { child } = forks.at(-1)!;
    handle.kill();
    expect(child.kills).toBe(0);
    child.pid = 42;
    child.emit('spawn');
    expect(child.kills).toBe(1);
  });

  it('stops posting after exit and reports the exit code', () => {
    const handle = utilityProcessSpawner(() => {})('/w.js', { name: 'media-3' });
    const { child } = forks.at(-1)!;
    const exits: [number | null, string | null][] = [];
    handle.onExit((code, signal) => exits.push([code, signal]));
    child.pid = 7;
    child.emit('spawn');
    handle.postMessage({ type: 'shutdown' });
    child.emit('exit', 0);
    handle.postMessage({ type: 'shutdown' });
    handle.kill();
    expect(child.posted).toEqual([{ type: 'shutdown' }]);
    expect(child.kills).toBe(0);
    expect(exits).toEqual([[0, null]]);
  });

  it('forwards worker output line by line with a name prefix', async () => {
    const lines: string[] = [];
    utilityProcessSpawner((l) => lines.push(l))('/w.js', { name: 'media-4' });
    const { child } = forks.at(-1)!;
    child.pid = 9;
    child.stdout.write('hello\nwor');
    child.stdout.write('ld\n');
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual(['[media-4 9] hello', '[media-4 9] world']);
  });
});

describe('utilityProcessSpawner on Windows (desktop-review R2, R9)', () => {
  it('kills the worker with its process tree (taskkill), not the worker alone', () => {
    const trees: number[] = [];
    const handle = utilityProcessSpawner(() => {}, { platform: 'win32', killTree: (pid, o) => (trees.push(pid), o?.platform === 'win32') })('/w.js', { name: 'media-5' });
    const { child } = forks.at(-1)!;
    child.pid = 321;
    child.emit('spawn');
    handle.kill();
    expect(trees).toEqual([321]);
    expect(child.kills).toBe(0);
  });

  it('kills the worker itself where no tree kill is needed', () => {
    const handle = utilityProcessSpawner(() => {}, { platform: 'linux' })('/w.js', { name: 'media-6' });
    const { child } = forks.at(-1)!;
    child.pid = 322;
    child.emit('spawn');
    handle.kill();
    expect(child.kills).toBe(1);
  });

  it('log lines lose their \\r (CRLF output)', async () => {
    const lines: string[] = [];
    utilityProcessSpawner((l) => lines.push(l))('/w.js', { name: 'media-7' });
    const { child } = forks.at(-1)!;
    child.pid = 10;
    child.stderr.write('first\r\nsecond\r\n');
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual(['[media-7 10] first', '[media-7 10] second']);
  });
});
