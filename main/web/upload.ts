/**
 * `POST /upload?name=<file name>`: the browser cannot hand us a path, so dropped files are
 * streamed to `<dataDir>/uploads/<uuid>-<sanitised name>` and the path comes back for
 * `queue.addFiles`. The body goes to a `.part` file first and is renamed only when complete,
 * so a cut-off or oversized upload never leaves a file that looks finished.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContractHandlers } from '../core/contract.js';
import { UserError } from '../core/errors.js';

/** 4 GiB: longer than any background clip a creator drops, small enough to stop a runaway client. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 411 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** Keeps letters, digits, dot, dash, underscore; no leading dots (no hidden files), at most 120 chars. */
export function sanitiseFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '')
    .slice(-120);
  return cleaned === '' || cleaned === '_' ? 'upload' : cleaned;
}

function sizeCap(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new UploadError(413, `The file is larger than the ${Math.round(max / 1024 ** 2)} MiB upload limit.`));
      else done(null, chunk);
    },
  });
}

export async function receiveUpload(req: IncomingMessage, url: URL, uploadsDir: string, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): Promise<{ path: string }> {
  const name = url.searchParams.get('name');
  if (!name) throw new UploadError(400, 'Missing ?name= (the file name).');
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    throw new UploadError(413, `The file is larger than the ${Math.round(maxBytes / 1024 ** 2)} MiB upload limit.`);
  }
  await mkdir(uploadsDir, { recursive: true });
  const final = path.join(uploadsDir, `${randomUUID()}-${sanitiseFileName(name)}`);
  const part = `${final}.part`;
  try {
    await pipeline(req, sizeCap(maxBytes), createWriteStream(part, { flags: 'wx', mode: 0o600 }));
    await rename(part, final);
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
  return { path: final };
}

/**
 * In the browser host the only files a user can choose are the ones they upload, so
 * `queue.addFiles` accepts paths inside uploads/ only (DESIGN §7: file access is limited to what
 * the user chose). Anything else is refused before the Studio reads it, even with the token.
 */
export function onlyUploadedFiles<H extends ContractHandlers>(handlers: H, uploadsDir: string): H {
  const root = path.resolve(uploadsDir);
  const addFiles: ContractHandlers['queue.addFiles'] = async (input) => {
    const outside = input.paths.find((p) => {
      const rel = path.relative(root, path.resolve(p));
      return rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
    });
    if (outside !== undefined) {
      throw new UserError('usage', `The browser host only adds files uploaded through it; "${path.basename(outside)}" was not.`, 'paths');
    }
    return handlers['queue.addFiles'](input);
  };
  // Shots (#11): footage comes from uploads too (the uploads folder itself may be indexed), and so
  // does a file picked for one shot. Folders already on the render box are added with the CLI.
  const inUploads = (p: string): boolean => {
    const rel = path.relative(root, path.resolve(p));
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const refuse = (p: string): never => {
    throw new UserError('usage', `The browser host only uses files uploaded through it; "${path.basename(p)}" was not (add folders on the render box with "reelforge footage add").`, 'paths');
  };
  const footageAdd: ContractHandlers['footage.add'] = async (input) => {
    const outside = input.paths.find((p) => !inUploads(p));
    if (outside !== undefined) refuse(outside);
    return handlers['footage.add'](input);
  };
  const shotsChoose: ContractHandlers['shots.choose'] = async (input) => {
    if (input.path !== undefined && !inUploads(input.path)) refuse(input.path);
    return handlers['shots.choose'](input);
  };
  return new Proxy(handlers, {
    get(target, prop) {
      if (prop === 'queue.addFiles') return addFiles;
      if (prop === 'footage.add') return footageAdd;
      if (prop === 'shots.choose') return shotsChoose;
      const value: unknown = Reflect.get(target, prop, target);
      // Bound to the real object so class methods keep their `this`.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
