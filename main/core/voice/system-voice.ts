/**
 * The operating system's own voice: espeak-ng on Linux, `say` on macOS, SAPI on Windows. Text
 * always travels on stdin, never as an argument or through a shell, so a line that starts with
 * a dash or contains $(…) is just text.
 */
import { lastLogLine, runCaptured } from '../binaries/run-captured.js';
import { UserError } from '../errors.js';
import type { VoiceInfo } from './types.js';

const NO_ENGINE = 'No voice engine found: install espeak-ng (apt-get install espeak-ng) or pick an openai: voice.';

async function runEngine(cmd: string, args: string[], input: string, signal?: AbortSignal, env?: NodeJS.ProcessEnv): Promise<{ stdout: string }> {
  const run = await runCaptured(cmd, args, { what: 'Speech synthesis', notFound: () => new UserError('config', NO_ENGINE, 'voice'), signal, stdin: input, stdout: true, env });
  if (run.code !== 0) throw new UserError('internal', `${cmd} failed (exit ${String(run.code)}): ${lastLogLine(run.stderr)}`);
  return { stdout: run.stdout.toString() };
}

/** Pure: `espeak-ng --voices` table → voices (id system:<language>). */
export function parseEspeakVoices(text: string): VoiceInfo[] {
  const seen = new Set<string>();
  const out: VoiceInfo[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const lang = cols[1];
    const name = cols[3];
    if (!lang || !name || seen.has(lang)) continue;
    seen.add(lang);
    out.push({ id: `system:${lang}`, engine: 'system', name: name.replace(/_/g, ' '), language: lang });
  }
  return out;
}

/** Pure: `say -v '?'` lines ("Alex   en_US   # …") → voices (id system:<name>). */
export function parseSayVoices(text: string): VoiceInfo[] {
  const out: VoiceInfo[] = [];
  for (const line of text.split('\n')) {
    const m = /^(.+?)\s+([a-z]{2,3}[_-][A-Za-z0-9]+)\s+#/.exec(line);
    if (m?.[1] && m[2]) out.push({ id: `system:${m[1].trim()}`, engine: 'system', name: m[1].trim(), language: m[2] });
  }
  return out;
}

const PS_LIST = 'Add-Type -AssemblyName System.Speech; (New-Object System.Speech.Synthesis.SpeechSynthesizer).GetInstalledVoices() | ForEach-Object { $_.VoiceInfo.Name + "|" + $_.VoiceInfo.Culture.Name }';
// Stdin is read as UTF-8 explicitly: the console's default code page would mangle non-ASCII text.
const PS_SPEAK = '[Console]::InputEncoding = [System.Text.Encoding]::UTF8; Add-Type -AssemblyName System.Speech; $s = New-Object System.Speech.Synthesis.SpeechSynthesizer; $s.SelectVoice($env:REELFORGE_VOICE); $s.Rate = [int]$env:REELFORGE_RATE; $s.SetOutputToWaveFile($env:REELFORGE_OUT); $s.Speak([Console]::In.ReadToEnd()); $s.Dispose()';

/** espeak-ng's default speed; `rate` scales it. */
const ESPEAK_WPM = 170;

/** ESPEAK_NG_PATH lets a packaged app or a test point at a specific binary. */
export function espeakPath(): string {
  return process.env.ESPEAK_NG_PATH || 'espeak-ng';
}

let cached: Promise<VoiceInfo[]> | null = null;

/** Forget the cached voice list (after installing a voice, and in tests). */
export function resetSystemVoiceCache(): void {
  cached = null;
}

export function listSystemVoices(platform: NodeJS.Platform = process.platform): Promise<VoiceInfo[]> {
  cached ??= (async () => {
    if (platform === 'darwin') return parseSayVoices((await runEngine('say', ['-v', '?'], '')).stdout);
    if (platform === 'win32') {
      const { stdout } = await runEngine('powershell', ['-NoProfile', '-NonInteractive', '-Command', PS_LIST], '');
      return stdout.split(/\r?\n/).filter(Boolean).map((l) => {
        const [name = '', lang] = l.split('|');
        return { id: `system:${name}`, engine: 'system' as const, name, ...(lang ? { language: lang } : {}) };
      });
    }
    return parseEspeakVoices((await runEngine(espeakPath(), ['--voices'], '')).stdout);
  })();
  cached.catch(() => {
    cached = null;
  });
  return cached;
}

export async function defaultSystemVoice(): Promise<string> {
  const voices = await listSystemVoices();
  const preferred = ['system:en-us', 'system:en', 'system:Samantha', 'system:Microsoft Zira Desktop'];
  return preferred.find((id) => voices.some((v) => v.id === id)) ?? voices[0]?.id ?? 'system:en-us';
}

/** Writes `text` spoken by `name` to a WAV file. `rate` 1 is the engine's natural pace. */
export async function synthesizeSystem(name: string, text: string, rate: number, outWav: string, signal?: AbortSignal, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (platform === 'darwin') {
    await runEngine('say', ['-v', name, '-r', String(Math.round(185 * rate)), '-o', outWav, '--file-format=WAVE', '--data-format=LEI16@22050', '-f', '-'], text, signal);
  } else if (platform === 'win32') {
    await runEngine('powershell', ['-NoProfile', '-NonInteractive', '-Command', PS_SPEAK], text, signal, {
      ...process.env, REELFORGE_VOICE: name, REELFORGE_OUT: outWav, REELFORGE_RATE: String(Math.max(-10, Math.min(10, Math.round((rate - 1) * 10)))),
    });
  } else {
    // --stdin reads the whole text at once (without it espeak-ng speaks stdin line by line);
    // -b 1: the input is UTF-8. There is no words argument, so no text is ever parsed as an option.
    await runEngine(espeakPath(), ['-v', name, '-s', String(Math.round(ESPEAK_WPM * rate)), '-b', '1', '-w', outWav, '--stdin'], text, signal);
  }
}
