/**
 * A job's voice speed: 1 is the voice's own pace. Each engine maps it to its own control
 * (espeak-ng and `say` words per minute, OpenAI's speed, Edge's prosody rate, ElevenLabs'
 * speed, which keeps to 0.7–1.2).
 */
export const VOICE_RATE_MIN = 0.5;
export const VOICE_RATE_MAX = 2;

/** Two decimals: 1.234 and 1.23 are the same voice (and the same cache key). */
export function roundRate(rate: number): number {
  return Math.round(rate * 100) / 100;
}

/** The rate a job's voice speaks at: its own, or the engine's. */
export function jobVoiceRate(job: { voiceRate?: number }, engineRate: number): number {
  return job.voiceRate ?? engineRate;
}
