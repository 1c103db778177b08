/**
 * A farm controller's moving parts, started and stopped together by every host that can be
 * one (`reelforge batch --farm`, `reelforge farm`, `serve` and the desktop app with a Redis URL
 * in Settings): the dispatcher on Redis, the registry of inputs taken in, and the content
 * endpoint on the address the user chose, behind the farm token.
 */
import os from 'node:os';
import type { CacheStore } from '../cache/store.js';
import { UserError } from '../errors.js';
import { newToken } from '../security/token.js';
import { startBlobServer, type BlobServer } from './blob-server.js';
import { FarmDispatcher } from './dispatcher.js';
import type { FarmTimings } from './farm-options.js';
import { redactRedisUrl } from './redis-url.js';
import { SourceRegistry } from './source-registry.js';

export const DEFAULT_FARM_PORT = 7420;

export interface ListenAddress {
  host: string;
  port: number;
}

/** `HOST:PORT` (IPv6 in brackets) → an address; the host is required: nothing binds every interface by default. */
export function parseListen(text: string, flag = '--listen'): ListenAddress {
  const m = /^(\[[0-9a-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/i.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m?.[1] || !Number.isInteger(port) || port > 65535) {
    throw new UserError('usage', `${flag} must be HOST:PORT, e.g. 127.0.0.1:${DEFAULT_FARM_PORT} (this machine only) or 192.168.1.10:${DEFAULT_FARM_PORT} (the LAN); got "${text}".`, flag);
  }
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

/** An address other machines can use to reach a server bound to `host` (a wildcard bind → this machine's first LAN address). */
export function reachableHost(host: string, interfaces = os.networkInterfaces()): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  for (const list of Object.values(interfaces)) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return '127.0.0.1';
}

export interface FarmControllerOptions {
  redisUrl: string;
  listen: ListenAddress;
  /** The farm token; generated when absent (print it: workers need it). */
  token?: string;
  /** The controller's cache: the farm's shared store. */
  cache: CacheStore;
  timings?: FarmTimings;
  version?: string;
  log?: (line: string) => void;
}

export class FarmController {
  private constructor(
    readonly dispatcher: FarmDispatcher,
    readonly sources: SourceRegistry,
    readonly server: BlobServer,
    readonly token: string,
    readonly redisUrl: string,
  ) {}

  static async start(o: FarmControllerOptions): Promise<FarmController> {
    const token = o.token ?? newToken();
    if (token.length < 16) throw new UserError('usage', 'The farm token must be at least 16 characters: leave --token out and one is generated.', '--token');
    const dispatcher = await FarmDispatcher.open({ redisUrl: o.redisUrl, ...(o.timings ? { timings: o.timings } : {}), ...(o.log ? { log: o.log } : {}) });
    const sources = new SourceRegistry(o.cache);
    let server: BlobServer;
    try {
      server = await startBlobServer({ cache: o.cache, sources, token, host: o.listen.host, port: o.listen.port, ...(o.version ? { version: o.version } : {}), ...(o.log ? { log: o.log } : {}) });
    } catch (err) {
      await dispatcher.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UserError('config', `Port ${o.listen.port} on ${o.listen.host} is taken: choose another with --listen HOST:PORT.`, '--listen');
      if (code === 'EADDRNOTAVAIL') throw new UserError('config', `${o.listen.host} is not an address of this machine: give one of its addresses with --listen HOST:PORT.`, '--listen');
      throw err;
    }
    return new FarmController(dispatcher, sources, server, token, o.redisUrl);
  }

  /** What workers pass as --controller. */
  get controllerUrl(): string {
    return `http://${reachableHost(this.server.host)}:${this.server.port}`;
  }

  /** The command to start a worker on another machine (the Redis password stays hidden). */
  workerCommand(): string {
    return `reelforge worker --redis ${redactRedisUrl(this.redisUrl)} --controller ${this.controllerUrl} --token ${this.token}`;
  }

  /** Lines for a host to print when the controller starts, with a hint when workers elsewhere could not reach it. */
  banner(): string[] {
    const lines = [`Render farm: Redis ${redactRedisUrl(this.redisUrl)}, content endpoint ${this.controllerUrl}`, `Start workers with: ${this.workerCommand()}`];
    const loopback = (h: string): boolean => h === '127.0.0.1' || h === 'localhost' || h === '::1';
    if (loopback(this.server.host)) lines.push('Only workers on this machine can reach the content endpoint: use --listen <LAN address>:PORT for other machines.');
    try {
      if (loopback(new URL(this.redisUrl).hostname.replace(/^\[|\]$/g, ''))) lines.push('Workers on other machines need Redis at an address they can reach (and a password: requirepass).');
    } catch {
      // parsed already by the dispatcher
    }
    return lines;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
    await this.server.close();
  }
}
