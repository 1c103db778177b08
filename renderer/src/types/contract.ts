/**
 * Every contract type the renderer uses, re-exported from one place. Only types cross the
 * process boundary (they vanish at build); lint forbids importing anything else from main/.
 */
import type { ChannelResults, WsServerMessage, JobView } from '../../../main/core/contract';

export type {
  AddFilesResult,
  AppInfo,
  BatchStatus,
  BatchView,
  BrandKit,
  CaptionStyle,
  Channel,
  ChannelInput,
  ChannelResults,
  DesktopBridge,
  EventName,
  EventPayloads,
  FootageItemView,
  FootageProgress,
  FootageSnapshot,
  JobSpecInput,
  JobStatus,
  JobView,
  LibraryItem,
  LooksList,
  PerfSnapshot,
  QueueSnapshot,
  ReelforgeApi,
  Settings,
  ShotCandidateView,
  ShotPlanView,
  ShotView,
  StageTiming,
  TitleStyle,
  WsRequest,
  WsServerMessage,
} from '../../../main/core/contract';

/** Derived so the renderer never imports main/core/errors (lint keeps it to the contract). */
export type ErrorInfo = Extract<WsServerMessage, { ok: false }>['error'];
export type CacheStats = ChannelResults['cache.stats'];
export type PruneReport = ChannelResults['cache.prune'];
export type VoiceInfo = ChannelResults['voices.list'][number];
export type BackgroundInfo = ChannelResults['backgrounds.list'][number];
export type CreatePreview = ChannelResults['create.preview'];
export type SettingsView = ChannelResults['settings.get'];
export type StageName = keyof JobView['stages'] & string;
export type StageStatus = NonNullable<JobView['stages'][StageName]>;
export type PresetName = SettingsView['defaultPreset'];
/** The services whose keys Settings keeps (stock sites, ElevenLabs), and which are set. */
export type ServiceKeysSet = ChannelResults['settings.serviceKeys'];
export type ServiceKeyName = keyof ServiceKeysSet;
