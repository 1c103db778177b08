import { Engine } from './main/core/engine.js';
import { measureLoudness } from './main/core/media/loudness/measure.js';
import { tempDir } from './main/testing/media-fixtures.js';
const dir = await tempDir();
const engine = await Engine.open({ dataDir: dir + '/data', workers: 2, defaults: { size: { width: 180, height: 320 }, quality: 'draft' } });
for (const d of [10, 30]) {
  const t0 = performance.now();
  const req = await engine.resolve({ topic: 'Why do cats purr', duration: d });
  const r = await engine.render(req, dir + '/out');
  const m = r.manifest;
  const out = await measureLoudness('ffmpeg', { inputs: [{ source: m.outputs.mp4, options: [] }], filter: '[0:a]anull[out]' });
  console.log(d, m.durationSec, m.sound, m.warnings, out, m.stages.map((s) => `${s.stage}:${s.status}:${Math.round(s.ms)}`).join(' '), Math.round(performance.now() - t0));
}
await engine.close();
