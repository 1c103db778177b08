/**
 * Videos on the farm, end to end with real renders: a controller (the `batch --farm` session,
 * in this process), real `reelforge worker` processes, a real redis-server. Renders are tiny
 * (180x320, draft, one-sentence scripts) so the file stays light on two cores.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputJob } from '../core/batch/types.js';
import { checkInvariants } from '../core/cache/test-support.js';
import type { RenderManifest } from '../core/pipeline/types.js';
import { pidsWithArg, startWorkerProcess, waitFor, type WorkerProcess } from '../testing/farm-workers.js';
import { hexColour, makeAudioOnly, makeClip, meanColourAt, nearestColour, probeSummary, tempDir } from '../testing/media-fixtures.js';
import { OpenAiTestServer } from '../testing/openai-test-server.js';
import { RedisHarness } from '../testing/redis-server.js';
import { StockTestServer } from '../testing/stock-server.js';
import type { ShotPlan } from '../core/shots/types.js';
import { openCliSession, type CliSession } from './batch-command.js';

const TOKEN = 'farm-batch-test-token-0123456789';
const LOCK_ENV = { REELFORGE_FARM_LOCK_MS: '2000' };

let dir: string;
let redis: RedisHarness;
let session: CliSession;
let clip: string;
let music: string;
const workers = new Map<string, WorkerProcess>();
/** Fake online services started by a test, closed with the rest. */
const closers: (() => Promise<void>)[] = [];

async function addWorker(name: string): Promise<WorkerProcess> {
  const farm = session.farm;
  if (!farm) throw new Error('no farm');
  const w = await startWorkerProcess({ redisUrl: redis.url, controllerUrl: farm.controllerUrl, token: TOKEN, dataDir: path.join(dir, `worker-${name}`), name, env: LOCK_ENV });
  workers.set(name, w);
  return w;
}

async function stopWorker(name: string): Promise<void> {
  const w = workers.get(name);
  w?.kill('SIGTERM');
  await w?.exited;
  workers.delete(name);
}

async function renderBatch(jobs: InputJob[], out: string) {
  const { queue } = session.runtime;
  const batch = queue.createBatch(jobs, { outDir: path.join(dir, out), renderOptions: SMALL });
  const view = await queue.whenSettled(batch.id);
  return { view, jobs: queue.jobs(batch.id) };
}

function manifestOf(mp4: string): RenderManifest {
  return JSON.parse(readFileSync(mp4.replace(/\.mp4$/, '.json'), 'utf8')) as RenderManifest;
}

/** Every value Redis holds under the farm's prefix, as text. */
async function redisText(): Promise<string> {
  const r = new Redis(redis.port, '127.0.0.1');
  try {
    const parts: string[] = [];
    for (const key of await r.keys('rf:*')) {
      const type = await r.type(key);
      if (type === 'string') parts.push(String(await r.get(key)));
      else if (type === 'hash') parts.push(JSON.stringify(await r.hgetall(key)));
      else if (type === 'stream') parts.push(JSON.stringify(await r.xrange(key, '-', '+')));
      else if (type === 'list') parts.push(JSON.stringify(await r.lrange(key, 0, -1)));
      else if (type === 'zset') parts.push(JSON.stringify(await r.zrange(key, 0, -1)));
    }
    return parts.join('\n');
  } finally {
    r.disconnect();
  }
}

/** Tiny renders: stored with each batch, as `batch --size --draft` does. */
const SMALL = { size: { width: 180, height: 320 }, quality: 'draft' as const };

beforeAll(async () => {
  dir = await tempDir('rf-farm-batch-');
  redis = await RedisHarness.start();
  clip = await makeClip(path.join(dir, 'my clip.mp4'), { width: 320, height: 180, seconds: 3 });
  music = await makeAudioOnly(path.join(dir, 'my music.m4a'), 4);
  Object.assign(process.env, LOCK_ENV);
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), isTTY: false };
  io.stderr.resume();
  session = await openCliSession(io, {
    dataDir: path.join(dir, 'controller'),
    farm: { redisUrl: redis.url, listen: { host: '127.0.0.1', port: 0 }, token: TOKEN },
  });
  await Promise.all([addWorker('alpha'), addWorker('beta')]);
});

afterAll(async () => {
  for (const w of workers.values()) w.kill('SIGKILL');
  await Promise.all([...workers.values()].map((w) => w.exited));
  await session?.close();
  for (const close of closers) await close();
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('videos on the render farm', () => {
  it('renders a batch on the workers into the controller\'s folder; Redis never holds a path or a secret', async () => {
    // A brand kit with a logo: the look travels as data, the logo by digest like the clip.
    const kit = path.join(dir, 'brand');
    mkdirSync(kit, { recursive: true });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=64x32,format=rgba', '-frames:v', '1', path.join(kit, 'logo.png')]);
    await session.engine.looks.saveBrand({ version: 1, name: 'farmco', logo: { path: 'logo.png', corner: 'top-left', sizePercent: 20, opacity: 1 } }, 'farmco.json', kit);
    const { view, jobs } = await renderBatch([
      { source: 'a', spec: { script: 'Farm test one. Clips travel by digest.', background: clip, music } },
      { source: 'b', spec: { script: 'Farm test two, on a built-in look.', brand: 'farmco' } },
    ], 'out-a');
    expect(view.counts.done).toBe(2);
    for (const j of jobs) {
      const mp4 = j.output?.mp4 ?? '';
      expect(path.dirname(mp4)).toBe(path.join(dir, 'out-a'));
      const probe = await probeSummary(mp4);
      expect(probe).toMatchObject({ width: 180, height: 320, videoCodec: 'h264', audioCodec: 'aac' });
      expect(probe.durationSec).toBeGreaterThan(1);
    }
    expect(manifestOf(jobs[1]?.output?.mp4 ?? '').brand).toBe('farmco');
    const withClip = manifestOf(jobs[0]?.output?.mp4 ?? '');
    // The manifest names the creator's files, as a local render would.
    expect(withClip.background).toMatchObject({ source: clip, kind: 'file' });
    expect(withClip.music).toBe(music);
    const text = await redisText();
    expect(text.includes('scriptText')).toBe(true); // the jobs are there…
    expect(text.includes(dir)).toBe(false); // …with no path of the controller (clips go by digest),
    expect(text.includes(TOKEN)).toBe(false); // and no secret.
  });

  it('a stage computed on one worker is a cache hit on another', async () => {
    await stopWorker('beta');
    const script = 'Shared voice across machines, said once.';
    const first = await renderBatch([{ source: 'x', spec: { script } }], 'out-b');
    expect(first.view.counts.done).toBe(1);
    expect(manifestOf(first.jobs[0]?.output?.mp4 ?? '').stages.find((s) => s.stage === 'voice')?.status).toBe('done');

    // A fresh machine, and the one that voiced it gone: the same voice with another caption style.
    await addWorker('gamma');
    await stopWorker('alpha');
    const second = await renderBatch([{ source: 'y', spec: { script, captionStyle: 'clean' } }], 'out-b');
    expect(second.view.counts.done).toBe(1);
    const stages = manifestOf(second.jobs[0]?.output?.mp4 ?? '').stages;
    expect(stages.find((s) => s.stage === 'voice')?.status).toBe('cached');
    expect(stages.find((s) => s.stage === 'captions')?.status).toBe('done');
    expect(workers.get('gamma')?.log()).not.toMatch(/runs voice/);
  });

  it('a job delivered twice (its worker froze past its lease) leaves one output and a consistent cache', async () => {
    await addWorker('delta');
    const { queue } = session.runtime;
    const batch = queue.createBatch([{ source: 'z', spec: { script: 'Delivered twice, finished once. Both copies agree.' } }], { outDir: path.join(dir, 'out-c'), renderOptions: SMALL });
    const [job] = queue.jobs(batch.id);
    let frozen: WorkerProcess | undefined;
    // Freeze whichever worker starts encoding it: its lease runs out and the other takes the job.
    // (ffmpeg reads the voice from the worker's cache: that path is in its command line.)
    await waitFor('a worker to encode the video', () => {
      for (const [name, w] of workers) if (pidsWithArg(path.join(dir, `worker-${name}`, 'cache')).length > 0) frozen = w;
      return frozen !== undefined;
    }, 60_000, 10);
    frozen?.kill('SIGSTOP');
    const view = await queue.whenSettled(batch.id);
    frozen?.kill('SIGCONT');
    expect(view.counts.done).toBe(1);
    // It really was delivered twice…
    const dispatcher = session.farm?.dispatcher;
    expect((await dispatcher?.jobRecord(`${job?.id ?? ''}-r1`))?.starts).toBe(2);
    // …and the frozen copy finishes too, late (its stages are farm hits now; its completion is refused).
    await waitFor('the late copy to finish', async () => (await dispatcher?.workers())?.find((w) => w.id === frozen?.id)?.running.length === 0, 60_000, 100);
    expect(readdirSync(path.join(dir, 'out-c')).filter((f) => f.endsWith('.mp4'))).toHaveLength(1);
    expect(queue.getJob(job?.id ?? '')?.status).toBe('done');
    expect((await dispatcher?.jobRecord(`${job?.id ?? ''}-r1`))?.state).toBe('completed');
  });

  it('cancel in the Queue stops the video on the worker holding it; a retry is a new run that finishes', async () => {
    const { queue } = session.runtime;
    const dispatcher = session.farm?.dispatcher;
    const script = 'Cancelled on the farm while it renders. Bees dance to share their maps. Rivers carve stone over long ages. Owls turn their heads very far.';
    const batch = queue.createBatch([{ source: 'c', spec: { script } }], { outDir: path.join(dir, 'out-d'), renderOptions: SMALL });
    const [job] = queue.jobs(batch.id);
    const id = job?.id ?? '';
    // espeak-ng and ffmpeg both name the worker's cache folder in their command lines.
    const busy = (): number[] => [...workers.keys()].flatMap((name) => pidsWithArg(path.join(dir, `worker-${name}`, 'cache')));
    await waitFor('the video to be rendering on a worker', () => busy().length > 0, 60_000, 10);
    queue.cancelJob(id);
    await queue.whenSettled(batch.id);
    expect(queue.getJob(id)?.status).toBe('cancelled');
    await waitFor('the worker to stop it', async () => (await dispatcher?.jobRecord(`${id}-r1`))?.state === 'failed', 30_000, 50);
    await waitFor('its processes to be gone', () => busy().length === 0, 30_000, 50);

    queue.retryJob(id);
    const view = await queue.whenSettled(batch.id);
    expect(view.counts.done).toBe(1);
    expect((await dispatcher?.jobRecord(`${id}-r2`))?.state).toBe('completed');
  });

  describe('shots and voice-overs (the controller plans, a worker renders)', () => {
    const COLOURS = { dog: [200, 40, 40], ocean: [40, 60, 210], city: [40, 190, 70] } as const;
    const STOCK_KEY = 'pexels-key-of-the-controller-only';
    const AI_KEY = 'sk-transcription-key-of-the-controller';
    let dogClip: string;
    let planFile: string;
    const colourOf = async (m: RenderManifest, shot: number): Promise<keyof typeof COLOURS> => {
      const s = m.shots?.shots[shot];
      return nearestColour(await meanColourAt(m.outputs.mp4, (s?.startSec ?? 0) + (s?.durationSec ?? 0) / 2), COLOURS);
    };

    it('shows the controller\'s library clip and stock download on the worker; a voice-over is transcribed on the controller; Redis holds no path or key', async () => {
      // The controller's footage library: one clip, named for the first sentence's subject.
      const footage = path.join(dir, 'footage');
      mkdirSync(footage);
      dogClip = await makeClip(path.join(footage, 'dog.mp4'), { width: 320, height: 180, seconds: 6, look: hexColour(COLOURS.dog) });
      expect((await session.engine.footage.add([footage])).summary.indexed).toBe(1);
      // A stock site only the controller has a key for (the workers started without one).
      const oceanClip = await makeClip(path.join(dir, 's-ocean.mp4'), { width: 180, height: 320, seconds: 6, look: hexColour(COLOURS.ocean) });
      const stock = new StockTestServer([{ id: 22, tags: ['ocean', 'waves', 'shore'], author: 'Sam Lee', durationSec: 6, files: [{ file: oceanClip, width: 180, height: 320 }] }], { pexels: STOCK_KEY, pixabay: 'px-unused' });
      const stockServer = await stock.start();
      process.env.PEXELS_BASE_URL = stockServer.url;
      closers.push(async () => {
        delete process.env.PEXELS_BASE_URL;
        await stockServer.close();
      });
      session.engine.configureStock({ pexels: STOCK_KEY });
      // A transcription server and key, on the controller only.
      const openai = new OpenAiTestServer();
      const ai = await openai.start();
      closers.push(ai.close);
      session.engine.configureAi({ provider: 'offline', apiKey: AI_KEY, baseURL: ai.url });
      const take = path.join(dir, 'my take.wav');
      execFileSync('espeak-ng', ['-v', 'en-us', '-w', take, 'A dog runs through the park.']);
      const takeSec = (await probeSummary(take)).durationSec;
      const spoken = ['A', 'dog', 'runs', 'through', 'the', 'park'];
      openai.transcript = { text: 'A dog runs through the park.', words: spoken.map((word, i) => ({ word, start: (i * takeSec) / 6, end: ((i + 0.8) * takeSec) / 6 })) };

      const { view, jobs } = await renderBatch([
        { source: 'shots', spec: { script: 'A dog runs through the park. Ocean waves crash on the sandy shore.' } },
        { source: 'take', spec: { voiceover: take } },
      ], 'out-shots');
      expect(view.counts.done, JSON.stringify(jobs.map((j) => j.error))).toBe(2);
      const shots = manifestOf(jobs[0]?.output?.mp4 ?? '');
      // The plan made on the controller, as its manifest names it: the library file, then the stock download.
      expect(shots.shots?.shots.map((s) => s.source)).toEqual(['library', 'stock']);
      expect(shots.shots?.shots[0]?.path).toBe(dogClip);
      expect(shots.credits?.map((c) => c.author)).toEqual(['Sam Lee']);
      // What the worker rendered: each sentence over its picture.
      expect([await colourOf(shots, 0), await colourOf(shots, 1)]).toEqual(['dog', 'ocean']);
      planFile = shots.outputs.shots ?? '';
      expect((JSON.parse(readFileSync(planFile, 'utf8')) as ShotPlan).shots[0]?.path).toBe(dogClip);
      expect(existsSync(shots.outputs.credits ?? '')).toBe(true);

      const voiced = manifestOf(jobs[1]?.output?.mp4 ?? '');
      expect(voiced.sound?.wordTiming).toBe('transcript');
      expect(voiced.script.hook).toBe('A dog runs through the park.');
      expect(await colourOf(voiced, 0)).toBe('dog');
      expect(openai.count('transcriptions')).toBe(1); // on the controller, once; the worker found it in the farm's cache

      const text = await redisText();
      expect(text.includes('treatment')).toBe(true); // the plan went with the job…
      for (const secret of [dir, STOCK_KEY, AI_KEY, TOKEN]) expect(text.includes(secret), secret).toBe(false); // …by digest, with no key
    });

    it('an edited plan (--shots, or chosen in the app) goes the same way, with a file outside the library', async () => {
      const plan = JSON.parse(readFileSync(planFile, 'utf8')) as ShotPlan;
      const mine = await makeClip(path.join(dir, 'my city.mp4'), { width: 320, height: 180, seconds: 6, look: hexColour(COLOURS.city) });
      plan.shots[0] = { ...(plan.shots[0] as ShotPlan['shots'][number]), path: mine, source: 'user', candidateId: 'user' };
      const edited = path.join(dir, 'edited.shots.json');
      writeFileSync(edited, JSON.stringify(plan));
      const { view, jobs } = await renderBatch([{ source: 'edited', spec: { script: plan.request?.script ?? '', shots: edited } }], 'out-edited');
      expect(view.counts.done, JSON.stringify(jobs.map((j) => j.error))).toBe(1);
      const m = manifestOf(jobs[0]?.output?.mp4 ?? '');
      expect(m.shots?.shots[0]?.path).toBe(mine);
      expect([await colourOf(m, 0), await colourOf(m, 1)]).toEqual(['city', 'ocean']);
      const stages = Object.fromEntries(m.stages.map((s) => [s.stage, s.status]));
      expect(stages).toMatchObject({ script: 'cached', voice: 'cached', compile: 'done' });
      expect((await redisText()).includes(dir)).toBe(false);
    });
  });

  it('the controller\'s cache is consistent after all of it', async () => {
    await session.close();
    expect(checkInvariants(path.join(dir, 'controller', 'cache')).problems).toEqual([]);
  });
});
