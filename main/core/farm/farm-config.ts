/**
 * The farm settings a desktop app or `serve` keeps between runs: the Redis URL (it may carry a
 * password, so it is stored like the API key — `<dataDir>/secrets/farm.json`, mode 0600 in a 0700
 * folder — and shown only without its password), the address the content endpoint binds, and
 * the farm token (generated once, so workers started with it keep working after a restart).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newToken } from '../security/token.js';
import { DEFAULT_FARM_PORT } from './controller.js';

export interface FarmConfig {
  /** '' when the farm is off. */
  redisUrl: string;
  listen: string;
  token: string;
}

export function defaultFarmConfig(): FarmConfig {
  return { redisUrl: '', listen: `127.0.0.1:${DEFAULT_FARM_PORT}`, token: newToken() };
}

export class FarmConfigFile {
  private readonly dir: string;
  private readonly file: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'secrets');
    this.file = path.join(this.dir, 'farm.json');
  }

  /** The saved settings; a token is generated and saved the first time, so it survives restarts. */
  read(): FarmConfig {
    const base = defaultFarmConfig();
    let v: Partial<FarmConfig> = {};
    try {
      v = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<FarmConfig>;
    } catch {
      // none yet
    }
    const cfg: FarmConfig = {
      redisUrl: typeof v.redisUrl === 'string' ? v.redisUrl : base.redisUrl,
      listen: typeof v.listen === 'string' && v.listen !== '' ? v.listen : base.listen,
      token: typeof v.token === 'string' && v.token.length >= 16 ? v.token : base.token,
    };
    if (cfg.token !== v.token) this.write(cfg);
    return cfg;
  }

  write(cfg: FarmConfig): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700);
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(cfg), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
