/**
 * The farm inside a long-running host (the desktop app, `serve`, `reelforge farm`): starts and
 * stops the controller as the Redis URL is saved or cleared, answers Settings → Render farm, and
 * routes each job either to the farm (while it is on) or to the local pool, so the Queue works
 * the same either way.
 */
import type { RunJob } from '../batch/types.js';
import type { FarmStatus, FarmWorkerView } from '../contract.js';
import type { Db } from '../db.js';
import { toErrorInfo, UserError } from '../errors.js';
import type { RequestDefaults } from '../pipeline/request.js';
import { FarmController, parseListen } from './controller.js';
import { FarmConfigFile, type FarmConfig } from './farm-config.js';
import { farmRunJob, type FarmRenderingEngine } from './farm-run-job.js';
import { FarmRuns } from './farm-runs.js';
import { redactRedisUrl } from './redis-url.js';
import { healthOf, type WorkerInfo } from './worker-registry.js';

export interface FarmHostOptions {
  engine: FarmRenderingEngine;
  db: Db;
  dataDir: string;
  defaults: () => Partial<RequestDefaults>;
  /** From the command line (`reelforge farm --redis …`): used as given, never saved, not editable. */
  fixed?: { redisUrl: string; listen: string; token?: string };
  log?: (line: string) => void;
  /** Told when the farm goes on or off (or fails), with a sentence for the user. */
  onState?: (state: FarmStatus['state'], message: string) => void;
}

export function workerView(w: WorkerInfo, now: number, heartbeatMs: number): FarmWorkerView {
  return {
    id: w.id, name: w.name, host: w.host, platform: w.platform, slots: w.slots, tags: w.tags, ffmpeg: w.ffmpeg,
    voices: w.voices, running: w.running, done: w.done, failed: w.failed, paused: w.paused,
    health: healthOf(w, now, heartbeatMs), seenSecAgo: Math.max(0, Math.round((now - w.seenAt) / 1000)),
  };
}

export class FarmHost {
  private readonly file: FarmConfigFile;
  private config: FarmConfig;
  private controller: FarmController | null = null;
  private farmJob: RunJob | null = null;
  private state: FarmStatus['state'] = 'off';
  private error: string | null = null;
  /** The last (re)configuration; awaited by the next one and by close(). */
  private switching: Promise<void> = Promise.resolve();
  private readonly runs: FarmRuns;

  constructor(private readonly o: FarmHostOptions) {
    this.file = new FarmConfigFile(o.dataDir);
    const saved = this.file.read();
    this.config = o.fixed ? { redisUrl: o.fixed.redisUrl, listen: o.fixed.listen, token: o.fixed.token ?? saved.token } : saved;
    this.runs = new FarmRuns(o.db);
  }

  /** True while jobs go to the farm. */
  get active(): boolean {
    return this.controller !== null;
  }

  get current(): FarmController | null {
    return this.controller;
  }

  /** Connects when a Redis URL is configured. Failures become the 'error' state, never a thrown start-up. */
  start(): Promise<void> {
    return this.apply();
  }

  /** Routes to the farm while it is on, otherwise to `local`. */
  route(local: RunJob): RunJob {
    return (spec, ctx) => (this.farmJob ?? local)(spec, ctx);
  }

  async configure(input: { redisUrl: string | null; listen?: string }): Promise<FarmStatus> {
    if (this.o.fixed) throw new UserError('usage', 'This farm was set on the command line ("reelforge farm --redis …"): restart it to change Redis or the address.', 'redisUrl');
    if (input.listen !== undefined) parseListen(input.listen, 'listen');
    this.config = { ...this.config, redisUrl: input.redisUrl ?? '', ...(input.listen !== undefined ? { listen: input.listen } : {}) };
    this.file.write(this.config);
    await this.apply();
    return this.status();
  }

  async status(): Promise<FarmStatus> {
    const c = this.controller;
    let workers: FarmWorkerView[] = [];
    let queue: FarmStatus['queue'] = null;
    if (c) {
      try {
        const now = Date.now();
        workers = (await c.dispatcher.workers()).map((w) => workerView(w, now, c.dispatcher.timings.heartbeatMs));
        const counts = await c.dispatcher.counts();
        queue = { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 };
      } catch (err) {
        this.error = `Redis did not answer: ${toErrorInfo(err).message}`;
      }
    }
    return {
      state: this.state, error: this.error,
      redis: this.config.redisUrl ? redactRedisUrl(this.config.redisUrl) : null,
      listen: this.config.listen, fixed: this.o.fixed !== undefined,
      controllerUrl: c?.controllerUrl ?? null, workerCommand: c?.workerCommand() ?? null,
      workers, queue,
    };
  }

  async resumeWorker(workerId: string): Promise<void> {
    if (!this.controller) throw new UserError('usage', 'The render farm is off: save a Redis URL first.', 'workerId');
    await this.controller.dispatcher.resumeWorker(workerId);
  }

  async close(): Promise<void> {
    await this.switching;
    const c = this.controller;
    this.controller = null;
    this.farmJob = null;
    await c?.close();
  }

  private apply(): Promise<void> {
    this.switching = this.switching.then(() => this.reconnect());
    return this.switching;
  }

  private async reconnect(): Promise<void> {
    const old = this.controller;
    this.controller = null;
    this.farmJob = null;
    await old?.close().catch(() => undefined);
    this.error = null;
    if (this.config.redisUrl === '') {
      this.setState('off', old ? 'The render farm is off: videos render on this machine.' : '');
      return;
    }
    this.setState('connecting', '');
    try {
      const c = await FarmController.start({
        redisUrl: this.config.redisUrl, listen: parseListen(this.config.listen, 'listen'), token: this.config.token,
        cache: this.o.engine.renderDeps.cache, ...(this.o.log ? { log: this.o.log } : {}),
      });
      this.controller = c;
      this.farmJob = farmRunJob({ engine: this.o.engine, dispatcher: c.dispatcher, sources: c.sources, runs: this.runs, defaults: this.o.defaults, ...(this.o.log ? { log: this.o.log } : {}) });
      for (const line of c.banner()) this.o.log?.(line);
      this.setState('on', `The render farm is on: videos go to the workers on ${redactRedisUrl(this.config.redisUrl)}.`);
    } catch (err) {
      this.error = toErrorInfo(err).message;
      this.setState('error', `The render farm could not start: ${this.error} Videos render on this machine meanwhile.`);
    }
  }

  private setState(state: FarmStatus['state'], message: string): void {
    this.state = state;
    if (message) this.o.onState?.(state, message);
  }
}
