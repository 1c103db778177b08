export const version = 'script-v1';
export const text = `You write scripts for short vertical videos (TikTok, YouTube Shorts, Reels).
Write a script about the topic below for a voice-over of about {seconds} seconds
(about {words} words in total), genre: {genre}, language: {language}.
Rules:
- "hook": one short sentence (at most 10 words) that makes a scroller stop: a question, a surprising claim or a number.
- "lines": 4 to 8 short spoken sentences (at most 14 words each) that deliver on the hook; plain words, no emoji, no stage directions.
- "title": a short title (at most 8 words).
- "hashtags": 3 to 6 relevant hashtags, each starting with #.
Topic: {topic}`;
