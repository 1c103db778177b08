/**
 * The desktop app's file rule without an Electron binary: `electron` is replaced by a fake ipcMain,
 * the real IPC binding and the real Studio run over a temp data folder. A page's request can name
 * any path; only what the main process was told the user chose (its dialogs, the preload's drop
 * channel from our own main frame) may be read.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heldRunner, tempDb } from '../core/batch/test-helpers.js';
import type { AddFilesResult } from '../core/contract.js';
import type { CacheStats } from '../core/cache/types.js';
import type { DispatchResult } from '../host/dispatch.js';
import { Studio, type StudioEngine } from '../core/studio/studio.js';

const invokeHandlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => invokeHandlers.set(channel, fn),
    removeHandler: (channel: string) => invokeHandlers.delete(channel),
    on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  },
  BrowserWindow: { getAllWindows: () => [] },
}));

const { bindIpc } = await import('./ipc.js');
const { bindChosenPaths, CHOSEN_PATHS_CHANNEL } = await import('./chosen-paths.js');

const APP_URL = 'app://reelforge/index.html';
const trusted = (url: string): boolean => url.startsWith('app://reelforge/');

function frameEvent(url: string, opts: { subframe?: boolean } = {}) {
  const mainFrame = { url, isDestroyed: () => false };
  return { senderFrame: opts.subframe ? { url, isDestroyed: () => false } : mainFrame, sender: { mainFrame } };
}

const stats: CacheStats = { entries: 0, totalSize: 0, maxSize: 1, totalHits: 0, misses: 0, hitRate: 0, oldestEntry: null, newestEntry: null, byType: {}, timeSavedMs: 0, costSaved: 0 };
const engine: StudioEngine = {
  resolve: () => Promise.reject(new Error('not used')),
  render: () => Promise.reject(new Error('not used')),
  preview: () => Promise.reject(new Error('not used')),
  voicePreview: () => Promise.reject(new Error('not used')),
  cache: { stats: () => stats, prune: () => ({ expired: 0, evicted: 0, bytesFreed: 0 }), clear: () => 0, setLimits: () => {} },
  perf: { snapshot: () => ({ at: 0, active: [], stages: [], throughput: [], pool: { size: 1, busy: 0, utilisation: 0 } }) },
  ffmpeg: { ffmpeg: '/usr/bin/ffmpeg', version: '5.1' },
  ai: { identity: { id: 'offline' } },
};

let studio: Studio;
let home: string;
let dispose: () => void;

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'reelforge-desktop-'));
  await mkdir(path.join(home, 'projects', 'clips'), { recursive: true });
  await writeFile(path.join(home, 'projects', 'clips', 'ocean.mp4'), 'x');
  await writeFile(path.join(home, 'secret.mp4'), 'x');
  await writeFile(path.join(home, 'projects', 'jobs.csv'), `topic,background\nOcean,clips/ocean.mp4\nSneaky,../secret.mp4\nAbsolute,${path.join(home, 'secret.mp4')}\n`);
  const { db } = tempDb();
  studio = new Studio({
    engine, dataDir: path.join(home, 'data'), host: 'electron', db, runJob: heldRunner().runJob,
    fileUrl: () => null, secrets: { get: () => null, set: () => {} },
  });
  const ipc = bindIpc(studio, trusted, () => {});
  const chosen = bindChosenPaths((paths) => studio.grant(paths), trusted, () => {});
  dispose = () => {
    ipc.dispose();
    chosen.dispose();
  };
});

afterEach(async () => {
  dispose();
  await studio.close();
});

async function addFiles(paths: string[]): Promise<DispatchResult> {
  const handler = invokeHandlers.get('rf:queue.addFiles');
  if (!handler) throw new Error('queue.addFiles is not bound');
  return (await handler(frameEvent(APP_URL), { paths })) as DispatchResult;
}

function reportChosen(paths: unknown, event = frameEvent(APP_URL)): void {
  listeners.get(CHOSEN_PATHS_CHANNEL)?.(event, paths);
}

describe('desktop: only what the user chose may be read', () => {
  it('a page naming a path (even "/") in queue.addFiles is refused until the user dropped or picked it', async () => {
    for (const p of ['/', path.join(home, 'projects', 'jobs.csv')]) {
      const reply = await addFiles([p]);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error).toMatchObject({ kind: 'usage', subject: 'paths', message: expect.stringMatching(/was not added in Reelforge: drop it on the queue or pick it with File → Add Files…/) });
    }
  });

  it('a chosen-paths report from a subframe or another page grants nothing', async () => {
    const csv = path.join(home, 'projects', 'jobs.csv');
    reportChosen([csv], frameEvent(APP_URL, { subframe: true }));
    reportChosen([csv], frameEvent('https://evil.example/'));
    expect((await addFiles([csv])).ok).toBe(false);
  });

  it('a dropped list is read; the clips it names count only inside what was chosen with it', async () => {
    const projects = path.join(home, 'projects');
    reportChosen([path.join(projects, 'jobs.csv'), path.join(projects, 'clips')]);
    const reply = await addFiles([path.join(projects, 'jobs.csv')]);
    expect(reply.ok).toBe(true);
    const res = (reply as { ok: true; result: AddFilesResult }).result;
    expect(res.jobsAdded).toBe(1);
    expect(res.errors.map((e) => [e.subject, e.message.replace(/^.*?: /, '')])).toEqual([
      ['jobs.csv:line 3', 'secret.mp4 was not added in Reelforge: drop it on the queue or pick it with File → Add Files….'],
      ['jobs.csv:line 4', 'secret.mp4 was not added in Reelforge: drop it on the queue or pick it with File → Add Files….'],
    ]);
    const jobs = (await studio['queue.list']()).jobs;
    expect(jobs.map((j) => j.title)).toEqual(['Ocean']);
  });
});
