export const version = 'revise-v1';
export const text = `This script for a short vertical video was voiced and came out at {actualSeconds} seconds, but the video must be {seconds} seconds.
Rewrite it to about {words} words in total (hook and lines together), {direction}. Keep the topic, the hook's idea, the facts and the order; keep every sentence at most 14 words; plain words, no emoji, no stage directions.
Return the same fields: title, hook, lines, hashtags.
Script:
{script}`;
