import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureSqliteBinding, SQLITE_BINDING_REL } from './sqlite-binding.js';

describe('configureSqliteBinding', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rf-binding-'));

  it('uses the Electron build next to the app, and exports it to the core', () => {
    const appRoot = path.join(root, 'dev');
    mkdirSync(path.dirname(path.join(appRoot, SQLITE_BINDING_REL)), { recursive: true });
    writeFileSync(path.join(appRoot, SQLITE_BINDING_REL), '');
    const env: NodeJS.ProcessEnv = {};
    expect(configureSqliteBinding({ isPackaged: false, resourcesPath: '/nowhere', appRoot, env })).toBe(path.join(appRoot, SQLITE_BINDING_REL));
    expect(env.REELFORGE_SQLITE_BINDING).toBe(path.join(appRoot, SQLITE_BINDING_REL));
  });

  it('unpackaged without a build: null (node_modules\' copy is tried)', () => {
    expect(configureSqliteBinding({ isPackaged: false, resourcesPath: '/nowhere', appRoot: path.join(root, 'none'), env: {} })).toBeNull();
  });

  it('packaged: the unpacked copy, and a clear error when it is missing (D2)', () => {
    const resources = path.join(root, 'resources');
    expect(() => configureSqliteBinding({ isPackaged: true, resourcesPath: resources, appRoot: '/x', env: {} })).toThrow(/missing its SQLite module for Electron/);
    const bin = path.join(resources, 'app.asar.unpacked', SQLITE_BINDING_REL);
    mkdirSync(path.dirname(bin), { recursive: true });
    writeFileSync(bin, '');
    expect(configureSqliteBinding({ isPackaged: true, resourcesPath: resources, appRoot: '/x', env: {} })).toBe(bin);
  });
});
