import { useState } from 'react';
import { Labeled } from '../../components/Labeled';
import { PresetOptions } from '../../components/PresetOptions';
import { getApi, isDesktop } from '../../api/getApi';
import { uploadFiles } from '../../api/upload';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { CaptionStylePicker } from '../../components/CaptionStylePicker';
import { useLooks } from '../../components/useLooks';
import { VoiceSelect } from '../../components/VoiceSelect';
import { actions } from '../../store/store';
import type { BrandKit, PresetName } from '../../types/contract';
import { brandFromForm, emptyBrandForm, formFromBrand, type BrandForm } from './brandForm';

/**
 * Brand kits: the saved ones at a glance, and a form for a new one (or to change one): caption
 * and title style, hook title, logo (a PNG, in a corner of the safe area), end card, voice,
 * preset. Jobs pick a kit by name (Create, the Queue, a `brand` column, --brand).
 */
export function BrandEditor() {
  const { looks, reload } = useLooks();
  const [form, setForm] = useState<BrandForm>(emptyBrandForm);
  const set = <K extends keyof BrandForm>(key: K, value: BrandForm[K]): void => setForm((f) => ({ ...f, [key]: value }));

  const pickLogo = useAction(async (file: File) => {
    // The browser host gets the bytes; the desktop app a path the user picked (the host checks it).
    const path = isDesktop() ? getApi().pathForFile(file) : (await uploadFiles([file]))[0];
    if (!path) throw new Error(`Could not read ${file.name}.`);
    set('logoPath', path);
  });

  const save = useAction(async (f: BrandForm) => {
    const brand = brandFromForm(f);
    await getApi().invoke('looks.saveBrand', { brand });
    await reload();
    actions().pushToast('success', `Brand "${brand.name}" saved: pick it in Create or the Queue, or use --brand ${brand.name}.`);
  });

  const brands: BrandKit[] = looks?.brands ?? [];
  return (
    <div className="brand-editor stack-3">
      {brands.length > 0 ? (
        <ul className="brand-list stack-2 plain-list" aria-label="Brand kits">
          {brands.map((b) => (
            <li key={b.name}>
              <button type="button" className="button ghost" onClick={() => setForm(formFromBrand(b))}>
                {b.name}
              </button>
              <span className="muted small">{[b.captionStyle && `captions: ${b.captionStyle}`, b.logo && `logo ${b.logo.corner}`, b.endCard && 'end card', b.preset].filter(Boolean).join(' · ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No brand kits yet. A kit bundles a caption style, a title, a logo, an end card, a voice and a preset.</p>
      )}
      <div className="field-row">
        <Labeled label="Brand name">
          <input value={form.name} onChange={(e) => set('name', e.currentTarget.value.toLowerCase())} placeholder="acme" />
        </Labeled>
        <Labeled label="Caption style">
          <CaptionStylePicker value={form.captionStyle} onChange={(v) => set('captionStyle', v)} />
        </Labeled>
        <Labeled label="Hook title">
          <select value={form.hookTitle} onChange={(e) => set('hookTitle', e.currentTarget.value as BrandForm['hookTitle'])}>
            <option value="default">For topics</option>
            <option value="on">Always</option>
            <option value="off">Never</option>
          </select>
        </Labeled>
        <Labeled label="Title style">
          <CaptionStylePicker kind="title" value={form.titleStyle} onChange={(v) => set('titleStyle', v)} />
        </Labeled>
      </div>
      <div className="field-row">
        <Labeled label="Logo (PNG)">
          <input type="file" accept="image/png" onChange={(e) => { const f = e.currentTarget.files?.[0]; if (f) void pickLogo.run(f); }} />
        </Labeled>
        {form.logoPath ? (
          <>
            <Labeled label="Corner">
              <select value={form.logoCorner} onChange={(e) => set('logoCorner', e.currentTarget.value as BrandForm['logoCorner'])}>
                <option value="top-left">Top left</option>
                <option value="top-right">Top right</option>
                <option value="bottom-left">Bottom left</option>
                <option value="bottom-right">Bottom right</option>
              </select>
            </Labeled>
            <Labeled label={`Width ${form.logoSize}%`}>
              <input type="range" min={4} max={40} value={form.logoSize} onChange={(e) => set('logoSize', Number(e.currentTarget.value))} />
            </Labeled>
            <Labeled label={`Opacity ${Math.round(form.logoOpacity * 100)}%`}>
              <input type="range" min={0.1} max={1} step={0.05} value={form.logoOpacity} onChange={(e) => set('logoOpacity', Number(e.currentTarget.value))} />
            </Labeled>
          </>
        ) : null}
      </div>
      <InlineError message={pickLogo.error} />
      <div className="field-row">
        <Labeled label="End card text">
          <input value={form.endText} onChange={(e) => set('endText', e.currentTarget.value)} placeholder="Follow for more" maxLength={80} />
        </Labeled>
        <Labeled label="Handle">
          <input value={form.endHandle} onChange={(e) => set('endHandle', e.currentTarget.value)} placeholder="@acme" maxLength={40} />
        </Labeled>
        <Labeled label="Voice">
          <VoiceSelect value={form.voice} onChange={(v) => set('voice', v)} unknownLabel="The job's voice" />
        </Labeled>
        <Labeled label="Preset">
          <select value={form.preset} onChange={(e) => set('preset', e.currentTarget.value as PresetName | '')}>
            <option value="">The job's preset</option>
            <PresetOptions />
          </select>
        </Labeled>
      </div>
      <div className="form-actions">
        <button type="button" className="button primary" disabled={save.pending || form.name === ''} onClick={() => void save.run(form)}>
          {save.pending ? 'Saving…' : 'Save brand'}
        </button>
        <span className="muted small">TikTok does not allow apps to add logos or watermarks to videos they post for you: keep a logo-free kit for TikTok.</span>
      </div>
      <InlineError message={save.error} />
    </div>
  );
}
