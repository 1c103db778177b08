/** Opens (creating if needed) <dataDir>/reelforge.db with the app's migrations applied. */
import { mkdirSync } from 'node:fs';
import { migrate, openDatabase, type Db } from '../db.js';
import { dataPaths } from '../paths.js';
import { APP_DB_MIGRATIONS } from './schema.js';

export function openAppDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(dataPaths(dataDir).appDb);
  migrate(db, APP_DB_MIGRATIONS);
  return db;
}
