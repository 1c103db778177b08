/**
 * The plain keys a creator can save in Settings besides the OpenAI key: the stock sites' (#11)
 * and ElevenLabs' (#12). Write-only like the OpenAI key, but bound to no base URL; each falls
 * back to its environment variable. One list for the contract, the hosts' stores and the panel.
 */
export const SERVICE_KEYS = ['pexels', 'pixabay', 'elevenlabs'] as const;

export type ServiceKeyName = (typeof SERVICE_KEYS)[number];

/** The environment variable each key falls back to. */
export const SERVICE_KEY_ENV: Readonly<Record<ServiceKeyName, string>> = {
  pexels: 'PEXELS_API_KEY',
  pixabay: 'PIXABAY_API_KEY',
  elevenlabs: 'ELEVENLABS_API_KEY',
};

/** Which keys are set: all the page ever learns about them. */
export type ServiceKeysSet = Record<ServiceKeyName, boolean>;
