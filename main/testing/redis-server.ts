/**
 * A real redis-server for tests and benchmarks: its own process on a free loopback port, in a
 * temp folder, configured the way the farm needs Redis in production (AOF on, fsync every
 * second, `noeviction`), so "restart Redis mid-batch" tests exercise real persistence. Never
 * touches a system service. Stop it with SIGTERM (clean) or SIGKILL (a crash), then restart
 * it on the same port and folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RedisHarnessOptions {
  /** Folder for the AOF files; default a new temp folder, removed by dispose(). */
  dir?: string;
  /** Require this password (AUTH) from every client. */
  password?: string;
  /** redis-server binary; default REDIS_SERVER or `redis-server` on PATH. */
  binary?: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once a TCP connection to the port succeeds and PING answers PONG. */
async function waitForPing(port: number, password: string | undefined, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = createConnection({ host: '127.0.0.1', port });
      let buf = '';
      const done = (v: boolean): void => {
        sock.destroy();
        resolve(v);
      };
      sock.setTimeout(1000, () => done(false));
      sock.once('error', () => done(false));
      sock.on('data', (d) => {
        buf += d.toString('utf8');
        if (buf.includes('+PONG')) done(true);
        else if (buf.includes('-LOADING') || buf.includes('-ERR') || buf.includes('-NOAUTH')) done(false);
      });
      sock.once('connect', () => sock.write(`${password ? `AUTH ${password}\r\n` : ''}PING\r\n`));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class RedisHarness {
  private child: ChildProcess | null = null;
  private output = '';
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly ownsDir: boolean,
    private readonly o: RedisHarnessOptions,
  ) {}

  static async start(o: RedisHarnessOptions = {}): Promise<RedisHarness> {
    const dir = o.dir ?? await mkdtemp(path.join(os.tmpdir(), 'rf-redis-'));
    // A port taken between freePort() and redis' bind makes it exit: try a few.
    for (let attempt = 0; ; attempt++) {
      const h = new RedisHarness(await freePort(), dir, o.dir === undefined, o);
      try {
        await h.launch();
        return h;
      } catch (err) {
        await h.stop('SIGKILL');
        if (attempt >= 4) throw err;
      }
    }
  }

  /** redis://[:password@]127.0.0.1:PORT */
  get url(): string {
    return `redis://${this.o.password ? `:${encodeURIComponent(this.o.password)}@` : ''}127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async launch(): Promise<void> {
    const args = [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir,
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '',
      '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--protected-mode', 'yes',
      '--logfile', '', '--loglevel', 'warning',
      ...(this.o.password ? ['--requirepass', this.o.password] : []),
    ];
    const child = spawn(this.o.binary ?? process.env.REDIS_SERVER ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    const keep = (d: Buffer): void => {
      this.output = (this.output + d.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<never>((_, reject) => {
      child.once('error', (err) => reject(new Error(`redis-server could not start (${err.message}): install it (apt install redis-server) or set REDIS_SERVER.`)));
      child.once('exit', (code, sig) => reject(new Error(`redis-server exited (${sig ?? `code ${String(code)}`}) while starting: ${this.output.trim()}`)));
    });
    exited.catch(() => undefined);
    await Promise.race([waitForPing(this.port, this.o.password, Date.now() + 15_000), exited]);
  }

  /** SIGTERM: Redis flushes the AOF and exits. SIGKILL: a crash (at most a second of writes lost). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** Starts it again on the same port and folder (the AOF is replayed). */
  async restart(): Promise<void> {
    if (this.running) await this.stop('SIGTERM');
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }
}
