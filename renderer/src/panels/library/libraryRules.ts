/** Pure rules behind the Library panel, unit-tested. */
import type { JobSpecInput, LibraryItem, PresetName } from '../../types/contract';

/** Only the fields the user changed go to job.rerender; the rest stay as they were. */
export function rerenderChanges(original: { voice: string; preset: string; topic: string }, next: { voice: string; preset: string; topic: string }): JobSpecInput {
  const changes: JobSpecInput = {};
  if (next.voice && next.voice !== original.voice) changes.voice = next.voice;
  if (next.preset && next.preset !== original.preset) changes.preset = next.preset as PresetName;
  if (next.topic.trim() && next.topic.trim() !== original.topic) changes.topic = next.topic.trim();
  return changes;
}

/** Newest first: the video you just made is the one you want to watch. */
export function sortLibrary(items: readonly LibraryItem[]): LibraryItem[] {
  return [...items].sort((a, b) => b.createdAt - a.createdAt);
}
