import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runAsJob } from '../core/batch/job-scope.js';
import { Engine } from '../core/engine.js';
import { UserError } from '../core/errors.js';
import { defaultDataDir } from '../core/paths.js';
import { parseSize } from '../core/pipeline/request.js';
import { startupEngineOptions } from '../core/settings/engine-options.js';
import { VOICE_RATE_MAX, VOICE_RATE_MIN } from '../core/voice/rate.js';
import { serviceKeyFiles } from '../host/key-file.js';
import type { JobSpec, PresetName, RenderEvent } from '../core/pipeline/types.js';
import { numberOption, parseCli } from './args.js';
import { cliEngineOptions } from './engine-options.js';
import { EXIT_OK, errorLine, exitCodeFor, writeJsonLine, type CliIo } from './io.js';
import { formatRenderLine } from './render-line.js';

const USAGE = `usage: reelforge render --topic TEXT | --script-file FILE | --voiceover FILE [--script-file FILE]
       [--background FILE|builtin:NAME] [--voice ID] [--rate 0.5..2] [--preset shorts|tiktok|reels|square|landscape] [--duration S]
       [--music FILE|DIR] [--music-volume 0..1] [--trim-silence]
       [--seed N] [--caption-style NAME|FILE.json] [--title-style NAME] [--hook-title|--no-hook-title]
       [--brand NAME] [--provider openai|offline] [--size WxH] [--draft]
       [--visuals library,stock,builtin] [--shots FILE] [--transition cut|fade]
       [--no-cache] [--out DIR] [--data-dir DIR] [--json]`;

const OPTIONS = {
  topic: { type: 'string' },
  'script-file': { type: 'string' },
  background: { type: 'string' },
  voice: { type: 'string' },
  rate: { type: 'string' },
  preset: { type: 'string' },
  duration: { type: 'string' },
  music: { type: 'string' },
  'music-volume': { type: 'string' },
  voiceover: { type: 'string' },
  'trim-silence': { type: 'boolean' },
  seed: { type: 'string' },
  'caption-style': { type: 'string' },
  'title-style': { type: 'string' },
  'hook-title': { type: 'boolean' },
  'no-hook-title': { type: 'boolean' },
  brand: { type: 'string' },
  provider: { type: 'string' },
  size: { type: 'string' },
  draft: { type: 'boolean' },
  visuals: { type: 'string' },
  shots: { type: 'string' },
  transition: { type: 'string' },
  'no-cache': { type: 'boolean' },
  out: { type: 'string' },
  'data-dir': { type: 'string' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function readScriptFile(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    if (text.trim() === '') throw new UserError('input', `Script file ${path.resolve(file)} is empty: write the script in it, one sentence or more.`, file);
    return text;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('input', `Script file ${path.resolve(file)} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path.`, file);
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json');
  let engine: Engine | undefined;
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const { values, positionals } = parseCli(argv, OPTIONS, USAGE);
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new UserError('usage', `Unexpected argument "${positionals[0]}".\n${USAGE}`);
    // `render --shots FILE` alone: the plan remembers the request that made it.
    const fromPlan = values.shots !== undefined && values.topic === undefined && values['script-file'] === undefined && values.voiceover === undefined
      ? (await (await import('../core/shots/plan-file.js')).readShotPlan(values.shots)).request
      : undefined;
    if (values.topic === undefined && values['script-file'] === undefined && values.voiceover === undefined && fromPlan === undefined) {
      throw new UserError('usage', `Give a topic (--topic "Why cats purr"), a script (--script-file FILE) or your recording (--voiceover FILE).\n${USAGE}`, 'topic');
    }
    if (values['trim-silence'] && values.voiceover === undefined) throw new UserError('usage', '--trim-silence shortens the pauses of a --voiceover recording: give one.', '--trim-silence');
    if (values.topic !== undefined && values.topic.trim() === '') {
      throw new UserError('usage', 'The topic is empty: give a topic, e.g. --topic "Why cats purr".', 'topic');
    }
    const provider = values.provider;
    if (provider !== undefined && provider !== 'openai' && provider !== 'offline') {
      throw new UserError('usage', `--provider must be openai or offline, got "${provider}".`, '--provider');
    }
    const spec: JobSpec = fromPlan ? { ...fromPlan } : {};
    if (values.topic !== undefined) spec.topic = values.topic;
    if (values['script-file'] !== undefined) spec.script = await readScriptFile(values['script-file']);
    if (values.background !== undefined) spec.background = values.background;
    if (values.voice !== undefined) spec.voice = values.voice;
    const voiceRate = numberOption(values.rate, '--rate', VOICE_RATE_MIN, VOICE_RATE_MAX);
    if (voiceRate !== undefined) spec.voiceRate = voiceRate;
    if (values.preset !== undefined) spec.preset = values.preset as PresetName;
    const duration = numberOption(values.duration, '--duration', 5, 180);
    if (duration !== undefined) spec.duration = duration;
    if (values.music !== undefined) spec.music = values.music;
    const musicVolume = numberOption(values['music-volume'], '--music-volume', 0, 1);
    if (musicVolume !== undefined) spec.musicVolume = musicVolume;
    if (values.voiceover !== undefined) spec.voiceover = values.voiceover;
    if (values['trim-silence']) spec.trimSilence = true;
    const seed = numberOption(values.seed, '--seed', 0, 2 ** 31);
    if (seed !== undefined) spec.seed = Math.floor(seed);
    if (values['caption-style'] !== undefined) spec.captionStyle = styleRef(values['caption-style']);
    if (values['title-style'] !== undefined) spec.titleStyle = styleRef(values['title-style']);
    if (values['hook-title'] && values['no-hook-title']) throw new UserError('usage', 'Give --hook-title or --no-hook-title, not both.', '--hook-title');
    if (values['hook-title']) spec.hookTitle = true;
    if (values['no-hook-title']) spec.hookTitle = false;
    if (values.brand !== undefined) spec.brand = values.brand;
    if (values.visuals !== undefined) spec.visuals = values.visuals;
    if (values.shots !== undefined) spec.shots = values.shots;
    if (values.transition !== undefined) {
      if (values.transition !== 'cut' && values.transition !== 'fade') throw new UserError('usage', `--transition must be cut or fade, got "${values.transition}".`, '--transition');
      spec.transition = values.transition;
    }
    const size = values.size !== undefined ? parseSize(values.size, '--size') : undefined;
    const workers = numberOption(values.workers, '--workers', 1, 32);

    const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
    const warn = (line: string): void => void io.stderr.write(`reelforge: warning: ${line}\n`);
    // The saved settings (reelforge config, the Settings panel) apply; flags override them.
    engine = await Engine.open(cliEngineOptions(dataDir, {
      ...(await startupEngineOptions(dataDir, { saved: null, warn, elevenlabsKey: serviceKeyFiles(dataDir).elevenlabs.get(), ...(provider !== undefined ? { provider } : {}) })),
      ...(workers !== undefined ? { workers } : {}),
      warn,
    }));
    const req = await engine.resolve(spec, {
      ...(size ? { size } : {}),
      ...(values.draft ? { quality: 'draft' as const } : {}),
      ...(values['no-cache'] ? { noCache: true } : {}),
    });
    const outDir = path.resolve(values.out ?? '.');

    let lastLineAt = 0;
    const onEvent = (e: RenderEvent): void => {
      if (json) {
        if (e.type === 'stage') writeJsonLine(io, { type: 'progress', stage: e.stage, status: e.status, fraction: round(e.fraction), overall: round(e.overall), etaSec: e.etaSec === undefined ? null : Math.round(e.etaSec) });
        return;
      }
      if (e.type !== 'stage') return;
      if (io.isTTY) {
        const now = Date.now();
        if (now - lastLineAt < 100 && e.status === 'running') return; // a terminal needs ~10 redraws/s, not hundreds
        lastLineAt = now;
        io.stderr.write(`\r\x1b[2K${formatRenderLine(e)}`);
      } else if (e.status !== 'running') {
        io.stderr.write(`${e.stage}: ${e.status}\n`);
      }
    };
    // The render runs as a job: an error escaping it fails it (and ends here), not the process.
    let stray: unknown;
    const scope = { label: 'the render', fail: (err: unknown) => { stray ??= err; controller.abort(err); } };
    const renderer = engine;
    const result = await runAsJob(scope, () => renderer.render(req, outDir, { signal: controller.signal, onEvent })).catch((err: unknown) => {
      throw stray ?? err;
    });
    const m = result.manifest;
    // A finished video whose optional insight failed is still a success: one line says what is missing.
    const warnings = m.warnings ?? [];
    if (json) {
      writeJsonLine(io, { type: 'done', outputs: m.outputs, title: m.title, durationSec: m.durationSec, cache: m.cache, costUsd: m.costUsd, totalMs: m.totalMs, shots: m.shots?.shots.length ?? null, warnings, loudness: m.sound ? { integratedLufs: m.sound.integratedLufs, truePeakDb: m.sound.truePeakDb } : null });
    } else {
      if (io.isTTY) io.stderr.write('\r\x1b[2K');
      const hits = m.cache.videoHit ? 'from the cache' : `${m.cache.hits} cached stage(s)`;
      io.stdout.write(`${m.outputs.mp4}\n  ${m.title} · ${m.durationSec.toFixed(1)} s · ${m.width}×${m.height} · ${hits} · ${(m.totalMs / 1000).toFixed(1)} s\n`);
      if (m.offlineDraft) io.stdout.write('  script: offline draft (set OPENAI_API_KEY for model-written scripts)\n');
      if (m.shots) {
        const from = (src: string): number => m.shots?.shots.filter((s) => s.source === src).length ?? 0;
        io.stdout.write(`  shots: ${m.shots.shots.length} (${from('library')} library, ${from('stock')} stock, ${from('builtin')} built-in${from('user') ? `, ${from('user')} yours` : ''}) · plan ${m.outputs.shots ?? ''}\n`);
      }
      if (m.outputs.credits) io.stdout.write(`  stock credits: ${m.outputs.credits}\n`);
      if (m.sound) io.stdout.write(`  sound: ${m.sound.integratedLufs.toFixed(1)} LUFS, true peak ${m.sound.truePeakDb.toFixed(1)} dBTP${m.sound.music ? ` · music ${path.basename(m.sound.music)}` : ''} · word timing: ${m.sound.wordTiming}\n`);
    }
    if (warnings.length > 0) io.stderr.write(`reelforge: warning: ${warnings.join(' ')}\n`);
    return EXIT_OK;
  } catch (err) {
    if (io.isTTY && !json) io.stderr.write('\r\x1b[2K');
    if (json) {
      const info = err instanceof UserError ? { message: err.message, kind: err.kind, subject: err.subject ?? null } : { message: err instanceof Error ? err.message : String(err), kind: 'internal', subject: null };
      writeJsonLine(io, { type: 'error', ...info });
    }
    io.stderr.write(`${errorLine(err)}\n`);
    return exitCodeFor(err);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await engine?.close();
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** A style is a name, or a FILE.json taken relative to where the command runs. */
function styleRef(value: string): string {
  return value.endsWith('.json') ? path.resolve(value) : value;
}
