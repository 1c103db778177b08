import { describe, expect, it } from 'vitest';
import { batch, job } from '../store/testData';
import type { CacheStats, Settings } from '../types/contract';
import { capUsage, typeRows } from './cache/cacheView';
import { parseDuration } from './create/createRules';
import { rerenderChanges, sortLibrary } from './library/libraryRules';
import { elapsedMs, stageRows, throughputSeries } from './performance/perfView';
import { batchAbilities, canCancel, canRetry, chipStatus, CHIP_STAGES, describeAdd, hasOutput, parseConcurrency, summariseCounts } from './queue/jobRules';
import { formFromSettings, GIB, pricesFromRows, shortFfmpegVersion, validateSettingsForm } from './settings/settingsForm';

describe('queue rules', () => {
  it('which row buttons are live in each status', () => {
    expect(canCancel('running')).toBe(true);
    expect(canCancel('done')).toBe(false);
    expect(canRetry('failed')).toBe(true);
    expect(canRetry('running')).toBe(false);
    expect(hasOutput(job({ id: 'a', status: 'done', output: { mp4: 'a.mp4', thumbnail: 'a.jpg', durationSec: 30 } }))).toBe(true);
    expect(hasOutput(job({ id: 'a', status: 'done' }))).toBe(false);
  });

  it('chips follow the pipeline with compile shown as render; unknown stages are pending', () => {
    expect(CHIP_STAGES.map((c) => c.label)).toEqual(['script', 'voice', 'captions', 'background', 'shots', 'render']);
    const j = job({ id: 'a', status: 'running', stages: { script: 'cached', compile: 'running' } });
    expect(chipStatus(j, 'script')).toBe('cached');
    expect(chipStatus(j, 'voice')).toBe('pending');
    expect(chipStatus(j, 'compile')).toBe('running');
  });

  it('a stopped job never shows a stage as running', () => {
    const failed = job({ id: 'a', status: 'failed', stage: 'voice', stages: { script: 'done', voice: 'running', background: 'running' } });
    expect(chipStatus(failed, 'voice')).toBe('failed');
    expect(chipStatus(failed, 'background')).toBe('pending');
    expect(chipStatus({ ...failed, status: 'cancelled' }, 'voice')).toBe('pending');
    expect(chipStatus(failed, 'script')).toBe('done');
  });

  it('batch abilities by status', () => {
    expect(batchAbilities(undefined, 3)).toEqual({ start: true, pause: false, resume: false, cancel: false, retryFailed: false });
    expect(batchAbilities(undefined, 0).start).toBe(false);
    expect(batchAbilities(batch({ id: 'b', status: 'running' }), 0)).toMatchObject({ start: false, pause: true, cancel: true });
    expect(batchAbilities(batch({ id: 'b', status: 'paused' }), 0)).toMatchObject({ resume: true, pause: false });
    const failed = batch({ id: 'b', status: 'done', counts: { ...batch({ id: 'x' }).counts, failed: 2 } });
    expect(batchAbilities(failed, 0)).toMatchObject({ retryFailed: true, cancel: false });
  });

  it('summarises counts and validates concurrency', () => {
    expect(summariseCounts({ queued: 4, running: 3, done: 12, failed: 1, cancelled: 0, interrupted: 0, paused: 0 })).toBe('3 running · 4 queued · 12 done · 1 failed');
    expect(summariseCounts(batch({ id: 'b' }).counts)).toBe('no videos');
    expect(parseConcurrency('4')).toEqual({ value: 4 });
    expect(parseConcurrency('0')).toHaveProperty('error');
    expect(parseConcurrency('11')).toHaveProperty('error');
    expect(parseConcurrency('2.5')).toHaveProperty('error');
    expect(parseConcurrency('')).toHaveProperty('error');
  });

  it('describes what a drop added', () => {
    expect(describeAdd({ batchId: 'b', jobsAdded: 12, backgroundsAdded: ['a', 'b'], errors: [] })).toBe('Added 12 videos and 2 background clips.');
    expect(describeAdd({ batchId: 'b', jobsAdded: 1, backgroundsAdded: [], errors: [] })).toBe('Added 1 video.');
    expect(describeAdd({ batchId: 'b', jobsAdded: 4, backgroundsAdded: [], errors: [{ kind: 'input', message: 'x' }, { kind: 'input', message: 'y' }, { kind: 'input', message: 'z' }] })).toBe('Added 4 videos. 3 entries could not be used (listed under the drop zone).');
    expect(describeAdd({ batchId: null, jobsAdded: 0, backgroundsAdded: [], errors: [] })).toBe('Nothing was added.');
  });
});

const stats: CacheStats = {
  entries: 10,
  totalSize: 4.6 * GIB,
  maxSize: 5 * GIB,
  totalHits: 42,
  misses: 58,
  hitRate: 0.42,
  oldestEntry: 1,
  newestEntry: 2,
  byType: { compile: { entries: 2, size: 4 * GIB, hits: 5 }, script: { entries: 8, size: 1024, hits: 37 }, zeta: { entries: 0, size: 0, hits: 0 } },
  timeSavedMs: 60_000,
  costSaved: 0.12,
};

describe('cache view', () => {
  it('orders types like the pipeline and names them so "video" and "render" cannot be mistaken', () => {
    const rows = typeRows(stats, 'entries');
    expect(rows.map((r) => r.label)).toEqual(['script', 'render (encoded MP4)', 'zeta']);
    expect(rows[0]!.text).toBe('8 entries · 37 hits');
    expect(typeRows(stats, 'size')[1]!.text).toBe('4 GB');
  });
  it('warns as the cache nears its cap', () => {
    expect(capUsage(stats).fraction).toBeCloseTo(0.92);
    expect(capUsage(stats).tone).toBe('warn');
    expect(capUsage({ totalSize: 1, maxSize: 10 }).tone).toBe('accent');
    expect(capUsage({ totalSize: 11, maxSize: 10 }).tone).toBe('danger');
    expect(capUsage({ totalSize: 1, maxSize: 0 }).fraction).toBe(0);
  });
});

describe('performance view', () => {
  it('one row per stage in pipeline order with p50 and p95 bars', () => {
    const rows = stageRows([
      { name: 'compile', count: 3, p50Ms: 4000, p95Ms: 9000, maxMs: 9500 },
      { name: 'script', count: 3, p50Ms: 800, p95Ms: 1500, maxMs: 1600 },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['script', 'compile']);
    expect(rows[1]!.bars.map((b) => b.value)).toEqual([4000, 9000]);
    expect(rows[1]!.text).toBe('p50 4 s · p95 9 s · n=3');
  });
  it('uses the host throughput history when it has one, else local samples', () => {
    const local = [{ at: 1, videosPerMinute: 2, utilisation: 0, active: 0 }];
    expect(throughputSeries(null, local)).toEqual([{ at: 1, value: 2 }]);
    const snap = { at: 3, active: [], stages: [], pool: { size: 1, busy: 0, utilisation: 0 }, throughput: [{ at: 1, videosPerMinute: 1 }, { at: 2, videosPerMinute: 4 }] };
    expect(throughputSeries(snap, local)).toEqual([{ at: 1, value: 1 }, { at: 2, value: 4 }]);
  });
  it('elapsed time is never negative', () => {
    expect(elapsedMs(2000, 1000)).toBe(0);
    expect(elapsedMs(1000, 3500)).toBe(2500);
  });
});

const settings: Settings = {
  provider: 'auto',
  baseURL: '',
  textModel: 'gpt-4o-mini',
  speechModel: 'gpt-4o-mini-tts',
  defaultVoice: 'system:en-us',
  defaultPreset: 'shorts',
  captionStyle: 'bold',
  cacheMaxSizeBytes: 5 * GIB,
  cacheMaxAgeDays: 7,
  concurrency: 5,
  workers: 3,
  aiConcurrency: 4,
  ttsConcurrency: 4,
  stopOnError: false,
  outputDir: '/videos',
  ffmpegPath: '',
  prices: { 'tts-1': { charactersPerM: 15 }, 'gpt-4o-mini': { inputPerM: 0.15, outputPerM: 0.6 } },
  speechBaseURL: '',
  speechServerModel: 'tts-1',
  elevenlabsModel: 'eleven_multilingual_v2',
  transcribeBaseURL: '',
  transcribeModel: 'whisper-1',
  musicDir: '',
  musicVolume: 0.5,
  uploadMaxBytes: 4 * GIB,
};

describe('settings form', () => {
  it('round-trips without changes into an empty patch', () => {
    const form = formFromSettings(settings);
    expect(form.cacheMaxSizeGb).toBe('5');
    expect(validateSettingsForm(form, settings)).toEqual({ patch: {}, errors: {} });
  });
  it('takes the voice and sound settings: server URLs checked, music volume as a percentage', () => {
    const form = { ...formFromSettings(settings), speechBaseURL: ' http://127.0.0.1:8880/v1 ', speechServerModel: 'kokoro', musicDir: '/music', musicVolume: '30' };
    expect(formFromSettings(settings).musicVolume).toBe('50');
    expect(validateSettingsForm(form, settings)).toEqual({ patch: { speechBaseURL: 'http://127.0.0.1:8880/v1', speechServerModel: 'kokoro', musicDir: '/music', musicVolume: 0.3 }, errors: {} });
    const bad = validateSettingsForm({ ...form, transcribeBaseURL: 'localhost:8000', musicVolume: '150' }, settings).errors;
    expect(bad.transcribeBaseURL).toMatch(/http:\/\/ address/);
    expect(bad.musicVolume).toMatch(/Music volume/);
  });
  it('patches only what changed, converting GB to bytes', () => {
    const form = { ...formFromSettings(settings), cacheMaxSizeGb: '2.5', concurrency: '8', provider: 'offline' as const, baseURL: ' http://localhost:11434/v1 ' };
    expect(validateSettingsForm(form, settings)).toEqual({
      patch: { cacheMaxSizeBytes: 2.5 * GIB, concurrency: 8, provider: 'offline', baseURL: 'http://localhost:11434/v1' },
      errors: {},
    });
  });
  it('shows prices one row per model, sorted, and an unedited table is no change', () => {
    const form = formFromSettings(settings);
    expect(form.prices.map((r) => r.model)).toEqual(['gpt-4o-mini', 'tts-1']);
    expect(form.prices[1]).toEqual({ model: 'tts-1', inputPerM: '', outputPerM: '', charactersPerM: '15' });
    expect(validateSettingsForm(form, settings).patch).toEqual({});
  });
  it('an edited or added price row becomes the new table; an empty added row is ignored', () => {
    const form = formFromSettings(settings);
    form.prices[0] = { ...form.prices[0]!, inputPerM: '0.2' };
    form.prices.push({ model: ' llama3 ', inputPerM: '0', outputPerM: '0', charactersPerM: '' }, { model: '', inputPerM: '', outputPerM: '', charactersPerM: '' });
    expect(validateSettingsForm(form, settings).patch).toEqual({
      prices: { 'gpt-4o-mini': { inputPerM: 0.2, outputPerM: 0.6 }, llama3: { inputPerM: 0, outputPerM: 0 }, 'tts-1': { charactersPerM: 15 } },
    });
  });
  it('refuses a price row without a model, a duplicate model and a negative or non-numeric price', () => {
    const row = { model: '', inputPerM: '1', outputPerM: '', charactersPerM: '' };
    expect(pricesFromRows([row])).toBe('Every price row needs a model name.');
    expect(pricesFromRows([{ ...row, model: 'a' }, { ...row, model: 'a' }])).toBe('a is listed twice: keep one row per model.');
    expect(pricesFromRows([{ ...row, model: 'a', inputPerM: '-1' }])).toMatch(/^a: prices are dollars per million/);
    expect(pricesFromRows([{ ...row, model: 'a', outputPerM: 'cheap' }])).toMatch(/got "cheap"/);
    // Names that are also object keys are plain model names.
    expect(pricesFromRows([{ ...row, model: 'constructor' }, { ...row, model: '__proto__', outputPerM: '2' }])).toEqual(
      JSON.parse('{"constructor":{"inputPerM":1},"__proto__":{"inputPerM":1,"outputPerM":2}}'),
    );
    const form = { ...formFromSettings(settings), prices: [{ ...row, model: 'a', inputPerM: 'x' }] };
    expect(Object.keys(validateSettingsForm(form, settings).errors)).toEqual(['prices']);
  });
  it('shortens the ffmpeg banner to its version', () => {
    expect(shortFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe('5.1.9-0+deb12u1');
    expect(shortFfmpegVersion('6.1')).toBe('6.1');
  });
  it('an untouched size field keeps an odd byte count exactly', () => {
    const odd = { ...settings, cacheMaxSizeBytes: 5 * GIB + 123 };
    expect(validateSettingsForm(formFromSettings(odd), odd).patch).toEqual({});
  });
  it('reports each invalid field inline', () => {
    const form = { ...formFromSettings(settings), baseURL: 'localhost', concurrency: '11', workers: 'x', cacheMaxSizeGb: '0.01', cacheMaxAgeDays: '', captionStyle: ' ' };
    const { errors } = validateSettingsForm(form, settings);
    expect(Object.keys(errors).sort()).toEqual(['baseURL', 'cacheMaxAgeDays', 'cacheMaxSizeGb', 'captionStyle', 'concurrency', 'workers']);
    expect(errors.concurrency).toBe('Concurrency must be from 1 to 10.');
  });
});

describe('create and library rules', () => {
  it('duration must be 5–180 seconds', () => {
    expect(parseDuration('30')).toBe(30);
    expect(parseDuration('4')).toMatch(/between 5 and 180/);
    expect(parseDuration('abc')).toMatch(/number/);
  });
  it('re-render sends only the changes', () => {
    const original = { voice: 'system:en-us', preset: 'shorts', topic: 'Octopus hearts' };
    expect(rerenderChanges(original, original)).toEqual({});
    expect(rerenderChanges(original, { voice: 'openai:alloy', preset: 'square', topic: ' Octopus hearts ' })).toEqual({ voice: 'openai:alloy', preset: 'square' });
    expect(rerenderChanges(original, { ...original, topic: 'Squid eyes' })).toEqual({ topic: 'Squid eyes' });
  });
  it('library is newest first', () => {
    const item = (jobId: string, createdAt: number) => ({ jobId, batchId: 'b', batchLabel: '', source: '', createdAt, title: jobId, mp4: '', videoUrl: '', thumbnailUrl: '', durationSec: 1, manifest: null });
    expect(sortLibrary([item('old', 1), item('new', 2)]).map((i) => i.jobId)).toEqual(['new', 'old']);
  });
});
