import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { lastLogLine, runCaptured } from './run-captured.js';

const node = process.execPath;
const notFound = (): Error => new UserError('config', 'install the tool', 'tool');

describe('runCaptured', () => {
  it('passes stdin through and returns stdout, stderr and the exit code', async () => {
    const script = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{process.stdout.write(s.toUpperCase());process.stderr.write("first\\nlast line\\n");process.exit(3)})';
    const run = await runCaptured(node, ['-e', script], { what: 'Test run', notFound, stdin: 'hello', stdout: true });
    expect(run.code).toBe(3);
    expect(run.stdout.toString()).toBe('HELLO');
    expect(lastLogLine(run.stderr)).toBe('last line');
  });

  it('keeps only the tail of a long log when asked', async () => {
    const script = 'for (let i = 0; i < 2000; i++) process.stderr.write(`line ${i}\\n`)';
    const run = await runCaptured(node, ['-e', script], { what: 'Test run', notFound, stderrTail: 100 });
    expect(run.stderr.length).toBeLessThanOrEqual(100);
    expect(lastLogLine(run.stderr)).toBe('line 1999');
    expect(run.stdout.length).toBe(0);
  });

  it('turns a missing binary into the caller\'s error', async () => {
    await expect(runCaptured('/nonexistent/tool-that-is-not-here', [], { what: 'Test run', notFound })).rejects.toThrow('install the tool');
  });

  it('kills the run when cancelled and rejects as a cancellation', async () => {
    const ac = new AbortController();
    const pending = runCaptured(node, ['-e', 'setTimeout(() => {}, 60_000)'], { what: 'Test run', notFound, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const err = await pending.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('cancelled');
    expect((err as UserError).message).toContain('Test run');
  });

  it('refuses to start when already cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runCaptured(node, ['-e', ''], { what: 'Test run', notFound, signal: ac.signal })).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
