import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { explainStartupFailure, recoverFromStartupFailure, type FailureUi } from './startup-failure.js';

const where = { dataDir: '/data', logFile: '/data/logs/main.log', logsDir: '/data/logs' };
const noFfmpeg = new UserError('config', 'ffmpeg was not found: set FFMPEG_PATH or install ffmpeg', 'FFMPEG_PATH');

function scriptedUi(answers: number[], picks: (string | null)[], badFiles: string[] = []) {
  const log: string[] = [];
  const ui: FailureUi = {
    ask: async (o) => {
      log.push(`ask ${o.buttons.join('|')}: ${o.detail.split('\n')[0]}`);
      return answers.shift() ?? o.cancelId;
    },
    pickFile: async () => picks.shift() ?? null,
    checkFfmpeg: async (f) => {
      if (badFiles.includes(f)) throw new UserError('config', `ffmpeg was not found at ${f} (from the ffmpeg path setting)`, 'ffmpegPath');
    },
    saveFfmpegPath: async (f) => {
      log.push(`save ${f}`);
    },
    showFolder: (d) => log.push(`show ${d}`),
  };
  return { ui, log };
}

describe('explainStartupFailure', () => {
  it('offers to choose ffmpeg when ffmpeg is what is missing', () => {
    const e = explainStartupFailure(noFfmpeg, where);
    expect(e.canChooseFfmpeg).toBe(true);
    expect(e.detail).toContain('ffmpeg was not found');
    expect(explainStartupFailure(new UserError('config', 'x', 'ffmpegPath'), where).canChooseFfmpeg).toBe(true);
  });
  it('says what to do about a missing SQLite build, and where the data and log are otherwise', () => {
    expect(explainStartupFailure(new Error('The module was compiled against NODE_MODULE_VERSION 127'), where).detail).toMatch(/Reinstall Reelforge/);
    const other = explainStartupFailure(new Error('disk full'), where);
    expect(other).toMatchObject({ canChooseFfmpeg: false, message: 'Reelforge could not start' });
    expect(other.detail).toContain('/data');
    expect(other.detail).toContain('/data/logs/main.log');
  });
});

describe('recoverFromStartupFailure', () => {
  it('a picked ffmpeg that is not ffmpeg is explained and the choice offered again; a good one is saved and start-up retried', async () => {
    const { ui, log } = scriptedUi([0, 0, 0], [null, '/tmp/notffmpeg', '/opt/ffmpeg'], ['/tmp/notffmpeg']);
    expect(await recoverFromStartupFailure(noFfmpeg, where, ui)).toBe('retry');
    expect(log).toEqual([
      'ask Choose ffmpeg…|Quit: ffmpeg was not found: set FFMPEG_PATH or install ffmpeg',
      'ask Choose ffmpeg…|Quit: ffmpeg was not found: set FFMPEG_PATH or install ffmpeg',
      'ask Choose ffmpeg…|Quit: ffmpeg was not found at /tmp/notffmpeg (from the ffmpeg path setting)',
      'save /opt/ffmpeg',
    ]);
  });

  it('Quit quits; other failures can show the log folder first', async () => {
    expect(await recoverFromStartupFailure(noFfmpeg, where, scriptedUi([1], []).ui)).toBe('quit');
    const { ui, log } = scriptedUi([0, 1], []);
    expect(await recoverFromStartupFailure(new Error('disk full'), where, ui)).toBe('quit');
    expect(log[1]).toBe('show /data/logs');
  });
});
