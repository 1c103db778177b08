import path from 'node:path';

/** The browser host stores uploads as `<uuid>-<name>`; people know the file by its own name. */
const UPLOAD_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-/i;

/** A file as a creator would name it in a list: its base name, without the upload's uuid prefix. */
export function fileLabel(p: string): string {
  return path.basename(p).replace(UPLOAD_PREFIX, '');
}
