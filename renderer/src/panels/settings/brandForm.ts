/** Pure: the brand editor's form ↔ a brand kit (the core validates the kit again). */
import type { BrandKit, PresetName } from '../../types/contract';

export interface BrandForm {
  name: string;
  captionStyle: string;
  titleStyle: string;
  hookTitle: 'default' | 'on' | 'off';
  logoPath: string;
  logoCorner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
  logoSize: number;
  logoOpacity: number;
  endText: string;
  endHandle: string;
  voice: string;
  preset: PresetName | '';
}

export const emptyBrandForm: BrandForm = {
  name: '', captionStyle: 'bold', titleStyle: 'headline', hookTitle: 'default', logoPath: '', logoCorner: 'top-left',
  logoSize: 14, logoOpacity: 0.9, endText: '', endHandle: '', voice: '', preset: '',
};

export function formFromBrand(b: BrandKit): BrandForm {
  return {
    name: b.name,
    captionStyle: b.captionStyle ?? 'bold',
    titleStyle: b.titleStyle ?? 'headline',
    hookTitle: b.hookTitle === undefined ? 'default' : b.hookTitle ? 'on' : 'off',
    logoPath: b.logo?.path ?? '',
    logoCorner: b.logo?.corner ?? 'top-left',
    logoSize: b.logo?.sizePercent ?? 14,
    logoOpacity: b.logo?.opacity ?? 0.9,
    endText: b.endCard?.text ?? '',
    endHandle: b.endCard?.handle ?? '',
    voice: b.voice ?? '',
    preset: b.preset ?? '',
  };
}

/** Only what the creator set: empty fields leave the job's own choice alone. */
export function brandFromForm(f: BrandForm): BrandKit {
  const kit: BrandKit = { version: 1, name: f.name.trim(), captionStyle: f.captionStyle, titleStyle: f.titleStyle };
  if (f.hookTitle !== 'default') kit.hookTitle = f.hookTitle === 'on';
  if (f.logoPath !== '') kit.logo = { path: f.logoPath, corner: f.logoCorner, sizePercent: f.logoSize, opacity: f.logoOpacity };
  if (f.endText.trim() !== '' || f.endHandle.trim() !== '') kit.endCard = { text: f.endText.trim(), handle: f.endHandle.trim() };
  if (f.voice !== '') kit.voice = f.voice;
  if (f.preset !== '') kit.preset = f.preset;
  return kit;
}
