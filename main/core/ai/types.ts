export interface ScriptRequest {
  topic: string;
  genre: string;
  /** The length of the finished video, seconds. */
  targetSeconds: number;
  language: string;
  /**
   * How the chosen voice speaks (voice/pace.ts), so the script can be sized to the target:
   * ms per unit of word weight, words per second, the gap between chunks and the tail.
   */
  pace?: { msPerUnit: number; wordsPerSecond: number; gapMs: number; tailMs: number };
}

export interface Script {
  title: string;
  hook: string;
  /** Short spoken lines after the hook, as many as the length needs. */
  lines: string[];
  hashtags: string[];
  language: string;
  /** True when written by the offline writer: the manifest labels it an offline draft. */
  offlineDraft: boolean;
  /** Words an LLM marked for the captions to emphasise; absent: the captions' offline rules pick them. */
  keywords?: string[];
  /** Emoji an LLM chose for words of the script; absent: the captions' offline keyword table. */
  emoji?: ScriptEmoji[];
}

/** An emoji for one word of the script, as an LLM chose it (the captions check it can be drawn). */
export interface ScriptEmoji {
  word: string;
  emoji: string;
}

export interface BackgroundIdeas {
  searchTerms: string[];
  mood: string;
}

export interface ViralityScore {
  score: number; // 0..100
  reasons: string[];
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Characters, for speech. */
  characters: number;
  costUsd: number;
}

export interface AiResult<T> {
  value: T;
  usage: Usage;
}

export interface AiCallOptions {
  signal?: AbortSignal;
}

/** Everything a provider needs to be identified in a cache key. */
export interface ProviderIdentity {
  id: 'offline' | 'openai';
  model: string;
  /** Version of the prompt (or offline algorithm) plus a digest of its text. */
  promptDigest: { script: string; ideas: string; virality: string };
  baseURL?: string;
}

/** A voiced script that missed its length: what it came to, so the provider can shorten or extend it. */
export interface ScriptRevision {
  script: Script;
  /** The finished video's length with this script, seconds. */
  actualSeconds: number;
  /** Words the revised script should have, at the voice's measured pace. */
  targetWords: number;
}

export interface AiProvider {
  identity: ProviderIdentity;
  writeScript(req: ScriptRequest, opts?: AiCallOptions): Promise<AiResult<Script>>;
  /** One revision call for a script whose voice missed the length by more than 15 %. */
  reviseScript(req: ScriptRequest, revision: ScriptRevision, opts?: AiCallOptions): Promise<AiResult<Script>>;
  backgroundIdeas(script: Script, genre: string, opts?: AiCallOptions): Promise<AiResult<BackgroundIdeas>>;
  virality(script: Script, spokenSeconds: number | null, opts?: AiCallOptions): Promise<AiResult<ViralityScore>>;
}
