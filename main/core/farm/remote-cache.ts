/**
 * A worker's cache as a pull-through copy of the farm's: a local miss asks the controller for
 * the stage result (and its file, by digest) before computing anything, and a result computed
 * here is delivered to the controller as soon as it is stored, so a stage done on machine A is a
 * hit on machine B — and survives this worker being killed a second later.
 */
import { constants as fsConstants } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { recallDigest, rememberDigest } from '../cache/content-digest.js';
import type { CacheStore } from '../cache/store.js';
import type { CacheEntryType, FileHit, PutOptions } from '../cache/types.js';
import { UserError } from '../errors.js';
import type { StageRemote } from '../pipeline/stage-cache.js';
import type { BlobClient } from './blob-client.js';
import { blobCacheKey } from './blob-protocol.js';

/** What one job moved over the network, and the time it spent on it (the bench reports it as a share of the render). */
export interface JobTransfer {
  downloadedBytes: number;
  uploadedBytes: number;
  ms: number;
  requests: number;
}

export class RemoteCache implements StageRemote {
  readonly transfer: JobTransfer = { downloadedBytes: 0, uploadedBytes: 0, ms: 0, requests: 0 };

  /** `signal`: one job's; aborting it stops that job's transfers. */
  constructor(readonly local: CacheStore, readonly client: BlobClient, private readonly jobSignal?: AbortSignal) {}

  private async net<T>(fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    this.transfer.requests++;
    try {
      return await fn();
    } finally {
      this.transfer.ms += performance.now() - t0;
    }
  }

  /**
   * The local copy of a blob (an input the controller took in), fetched once. The caller pins
   * the returned key while it uses the file.
   */
  async ensureBlob(sha256: string, ext: string, signal = this.jobSignal): Promise<FileHit> {
    const have = this.local.peekFileBySha256(sha256);
    if (have) return await this.identified(have, sha256);
    const tmp = this.local.tmpPath(ext);
    const got = await this.net(() => this.client.download(sha256, tmp, signal));
    if (got) this.transfer.downloadedBytes += got.size;
    if (got === null) throw new UserError('io', `The controller no longer has input ${sha256} (evicted or the file changed): retry the job so the controller takes it in again.`, sha256);
    const key = blobCacheKey(sha256);
    this.local.putFile(key, 'blob', tmp, { computeMs: 0, sha256 });
    const hit = this.local.peekFile(key);
    if (!hit) throw new UserError('io', `The local cache lost input ${sha256} it just stored: run "reelforge cache verify".`, sha256);
    return await this.identified(hit, sha256);
  }

  /** The copy's digest is known (checked as it arrived): remembered, so stage keys never read it again. */
  private async identified(hit: FileHit, sha256: string): Promise<FileHit> {
    const st = await stat(hit.path);
    if (!recallDigest(this.local, hit.path, st)) rememberDigest(this.local, hit.path, st, sha256);
    return hit;
  }

  /** Copies a JSON result from the controller into the local cache. True when it was there. */
  async pullJson(key: string, signal = this.jobSignal): Promise<boolean> {
    const rec = await this.net(() => this.client.getResult(key, 'json', signal));
    if (rec?.kind !== 'json') return false;
    this.local.putJson(key, rec.type as CacheEntryType, rec.value, { computeMs: rec.computeMs, costUsd: rec.costUsd, ...(rec.meta !== undefined ? { meta: rec.meta } : {}) });
    return true;
  }

  /** Copies a file result (its record, then its bytes unless already here) into the local cache. */
  async pullFile(key: string, signal = this.jobSignal): Promise<boolean> {
    const rec = await this.net(() => this.client.getResult(key, 'file', signal));
    if (rec?.kind !== 'file') return false;
    const tmp = this.local.tmpPath(rec.ext);
    const local = this.local.peekFileBySha256(rec.sha256);
    if (local) await copyFile(local.path, tmp, fsConstants.COPYFILE_FICLONE);
    else {
      const got = await this.net(() => this.client.download(rec.sha256, tmp, signal));
      if (got === null) return false;
      this.transfer.downloadedBytes += got.size;
    }
    this.local.putFile(key, rec.type as CacheEntryType, tmp, {
      computeMs: rec.computeMs, costUsd: rec.costUsd, sha256: rec.sha256, ...(rec.meta !== undefined ? { meta: rec.meta } : {}),
    });
    return true;
  }

  async pushJson(key: string, type: CacheEntryType, value: unknown, opts: PutOptions, signal = this.jobSignal): Promise<void> {
    await this.net(() => this.client.putResult(key, { kind: 'json', type, value, computeMs: opts.computeMs, costUsd: opts.costUsd ?? 0, ...(opts.meta !== undefined ? { meta: opts.meta } : {}) }, signal));
  }

  /** Uploads the file (unless the controller has its content) and records the result. */
  async pushFile(key: string, hit: FileHit, signal = this.jobSignal): Promise<void> {
    const sha256 = hit.sha256;
    if (sha256 === null) return; // rows from before digests were recorded: nothing to name it by
    const ext = path.extname(hit.path);
    if (!(await this.net(() => this.client.has(sha256, signal)))) {
      if ((await this.net(() => this.client.upload(sha256, hit.path, ext, signal))) === 'created') this.transfer.uploadedBytes += hit.size;
    }
    await this.net(() => this.client.putResult(key, {
      kind: 'file', type: hit.type, sha256, size: hit.size, ext, computeMs: hit.computeMs, costUsd: hit.costUsd,
      ...(hit.meta !== undefined ? { meta: hit.meta } : {}),
    }, signal));
  }
}
