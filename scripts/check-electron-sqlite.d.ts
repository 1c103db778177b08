/** Types for check-electron-sqlite.js (plain JS: electron-builder loads it as a hook). */
export interface SqliteTarget {
  electron: string;
  platform: string;
  arch: string;
}
export function electronSqliteProblems(
  info: { electron?: unknown; platform?: unknown; arch?: unknown } | null,
  target: SqliteTarget,
  host: { hostPlatform: string; hostArch: string; bindingExists: boolean },
): string[];
export function checkElectronSqlite(root: string, target: SqliteTarget): string[];
export function beforePack(context: { electronPlatformName: string; arch: number; packager: { info: { framework: { version: string }; projectDir: string } } }): Promise<void>;
export default beforePack;
