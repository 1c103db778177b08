/**
 * `POST /upload?name=<file name>`: the browser cannot hand us a path, so dropped files are
 * streamed to `<dataDir>/uploads/<uuid>-<sanitised name>` and the path comes back for
 * `queue.addFiles`. The body goes to a `.part` file first and is renamed only when complete,
 * so a cut-off or oversized upload never leaves a file that looks finished.
 *
 * Limits, so a client (or a stuck one) cannot fill the disk renders need: one file is at most
 * the uploadMaxBytes setting (413), and at most what the disk holds beyond a reserve kept free
 * for renders (507, naming the folder and the sizes), checked from Content-Length before a byte
 * is written and again while it streams; the host also caps uploads in progress (503, in
 * server.ts).
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, statfs } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { diskFullError, notEnoughSpace } from '../core/cache/disk-space.js';
import type { ContractHandlers } from '../core/contract.js';
import { UserError } from '../core/errors.js';

/** 4 GiB (the uploadMaxBytes setting's default): longer than any background clip a creator drops. */
export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** Free disk an upload never takes: the renders it is for need room too. */
export const DEFAULT_UPLOAD_DISK_RESERVE_BYTES = 256 * 1024 ** 2;

export interface UploadLimits {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** Free disk left alone for renders, in bytes. */
  reserveBytes: number;
}

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 411 | 413 | 503 | 507,
    message: string,
  ) {
    super(message);
  }
}

function tooLarge(max: number): UploadError {
  return new UploadError(413, `The file is larger than the ${Math.round(max / 1024 ** 2)} MiB upload limit (the uploadMaxBytes setting).`);
}

function noRoom(dir: string, needed: number, free: number): UploadError {
  return new UploadError(507, notEnoughSpace(dir, 'the upload', needed, free).message);
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

/** Stops the body at the first byte past either cap: the setting (413) or the room on disk (507). */
function sizeCap(max: number, room: number, onNoRoom: (seen: number) => UploadError): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(tooLarge(max));
      else if (seen > room) done(onNoRoom(seen));
      else done(null, chunk);
    },
  });
}

async function freeBytes(dir: string): Promise<number> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return Infinity; // unknown: the write itself will say if the disk is full
  }
}

export async function receiveUpload(req: IncomingMessage, url: URL, uploadsDir: string, limits: UploadLimits = { maxBytes: DEFAULT_MAX_UPLOAD_BYTES, reserveBytes: DEFAULT_UPLOAD_DISK_RESERVE_BYTES }): Promise<{ path: string }> {
  const name = url.searchParams.get('name');
  if (!name) throw new UploadError(400, 'Missing ?name= (the file name).');
  const declaredHeader = req.headers['content-length'];
  const declared = declaredHeader === undefined ? null : Number(declaredHeader);
  if (declared !== null && declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  await mkdir(uploadsDir, { recursive: true });
  const free = await freeBytes(uploadsDir);
  const room = Math.max(0, free - limits.reserveBytes);
  if (declared !== null && declared > room) throw noRoom(uploadsDir, declared + limits.reserveBytes, free);
  const final = path.join(uploadsDir, `${randomUUID()}-${sanitiseFileName(name)}`);
  const part = `${final}.part`;
  try {
    await pipeline(req, sizeCap(limits.maxBytes, room, (seen) => noRoom(uploadsDir, seen + limits.reserveBytes, free)), createWriteStream(part, { flags: 'wx', mode: 0o600 }));
    await rename(part, final);
  } catch (err) {
    await rm(part, { force: true });
    const full = diskFullError(err, uploadsDir, 'the upload', declared ?? 0);
    if (full) throw new UploadError(507, full.message);
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
