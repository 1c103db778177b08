export const version = 'revise-v2';
export const text = `This script for a short vertical video was voiced and came out at {actualSeconds} seconds, but the video must be {seconds} seconds.
Rewrite it to about {words} words in total (hook and lines together), {direction}. Keep the topic, the hook's idea, the facts and the order; keep every sentence at most 14 words; plain words, no emoji, no stage directions.
Return the same fields: title, hook, lines, hashtags, and for the rewritten sentences: "keywords" (3 to 8 single words that carry the message, at most one per sentence, copied exactly as written) and "emoji" (at most one per sentence where one fits: a single word copied exactly from that sentence and one common single-character emoji that shows it).
Script:
{script}`;
