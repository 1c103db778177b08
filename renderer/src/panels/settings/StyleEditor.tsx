import { useEffect, useRef, useState } from 'react';
import { Labeled } from '../../components/Labeled';
import { PresetOptions } from '../../components/PresetOptions';
import { getApi } from '../../api/getApi';
import { errorMessage } from '../../api/errors';
import { useAction } from '../../components/hooks';
import { InlineError } from '../../components/InlineError';
import { CaptionStylePicker } from '../../components/CaptionStylePicker';
import { useLooks } from '../../components/useLooks';
import { actions } from '../../store/store';
import type { CaptionStyle, PresetName } from '../../types/contract';
import { editableCopy, layoutMode, nameProblem, patch, plain, positionChoice, previewRequest, withLayoutMode, withPosition, type PositionChoice } from './styleForm';

/** The families libass finds in assets/fonts; any installed family can be typed too. */
const BUNDLED_FONTS = ['Noto Sans', 'Bebas Neue', 'League Spartan'];
const PREVIEW_DEBOUNCE_MS = 200;

/**
 * The caption style editor: start from any style, change font, colours, outline, box, case,
 * words per caption or lines, position, highlight, entrance, emphasis and emoji, and see one
 * frame of the real pipeline (looks.preview) at the moment you choose. Saving stores it with
 * the data folder's styles, where the CLI and every job can use it by name.
 */
export function StyleEditor() {
  const { looks, reload } = useLooks();
  const builtinNames = (looks?.captionStyles ?? []).filter((s) => s.builtin).map((s) => s.name);
  const [style, setStyle] = useState<CaptionStyle | null>(null);
  const [base, setBase] = useState('bold');
  const [preset, setPreset] = useState<PresetName>('shorts');
  const [atSec, setAtSec] = useState(1.2);
  const [text, setText] = useState('Why do cats purr so much? Scientists found 25 reasons, and money is not one.');
  const [withTitle, setWithTitle] = useState(true);
  const [titleText, setTitleText] = useState('Most people get this wrong');
  const [still, setStill] = useState<{ url: string; ms: number } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const seq = useRef(0);

  // Start from the chosen base once the list is in; a refreshed list (after a save) keeps the edits.
  const loadedBase = useRef<string | null>(null);
  useEffect(() => {
    if (loadedBase.current === base) return;
    const found = looks?.captionStyles.find((s) => s.name === base);
    if (!found) return;
    loadedBase.current = base;
    setStyle(editableCopy(plain(found), builtinNames));
  }, [looks, base]); // builtinNames is derived from looks

  const title = looks?.titleStyles.find((t) => t.name === 'headline') ?? null;
  useEffect(() => {
    if (!style) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      const req = previewRequest(style, { preset, text, atSec, title: withTitle && title ? plain(title) : null, titleText, width: preset === 'landscape' ? 480 : 300 });
      getApi()
        .invoke('looks.preview', req)
        .then((r) => {
          if (mine !== seq.current) return; // a newer edit is on its way
          setStill({ url: r.imageUrl, ms: r.ms });
          setPreviewError(null);
        })
        .catch((err: unknown) => {
          if (mine === seq.current) setPreviewError(errorMessage(err));
        });
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [style, preset, text, atSec, withTitle, titleText, title]);

  const save = useAction(async (s: CaptionStyle) => {
    const problem = nameProblem(s.name, builtinNames);
    if (problem) throw new Error(problem);
    await getApi().invoke('looks.saveStyle', { kind: 'caption', style: s });
    await reload();
    actions().pushToast('success', `Caption style "${s.name}" saved: pick it in Create, the Queue or with --caption-style ${s.name}.`);
  });

  if (!style) return <p className="loading">Loading styles…</p>;
  const set = (next: CaptionStyle): void => setStyle(next);
  const mode = layoutMode(style);
  const pos = positionChoice(style);

  return (
    <div className="style-editor">
      <div className="style-form stack-3">
        <div className="field-row">
          <Labeled label="Start from">
            <CaptionStylePicker value={base} onChange={setBase} />
          </Labeled>
          <Labeled label="Style name">
            <input value={style.name} onChange={(e) => set({ ...style, name: e.currentTarget.value.toLowerCase() })} aria-invalid={nameProblem(style.name, builtinNames) ? true : undefined} />
          </Labeled>
        </div>
        <div className="field-row">
          <Labeled label="Font">
            <input list="style-fonts" value={style.font.family} onChange={(e) => set(patch(style, 'font', { family: e.currentTarget.value }))} />
            <datalist id="style-fonts">
              {BUNDLED_FONTS.map((f) => (
                <option key={f} value={f} />
              ))}
            </datalist>
          </Labeled>
          <Labeled label={`Size ${style.font.sizePercent}% of the height`}>
            <input type="range" min={2} max={12} step={0.1} value={style.font.sizePercent} onChange={(e) => set(patch(style, 'font', { sizePercent: Number(e.currentTarget.value) }))} />
          </Labeled>
        </div>
        <div className="field-row">
          <Labeled label="Text colour">
            <input type="color" value={style.fill.toLowerCase()} onChange={(e) => set({ ...style, fill: e.currentTarget.value.toUpperCase() })} />
          </Labeled>
          <Labeled label={`Outline ${style.stroke.width}px`}>
            <input type="range" min={0} max={20} step={1} value={style.stroke.width} onChange={(e) => set(patch(style, 'stroke', { width: Number(e.currentTarget.value) }))} />
          </Labeled>
          <Labeled label="Outline colour">
            <input type="color" value={style.stroke.colour.toLowerCase()} onChange={(e) => set(patch(style, 'stroke', { colour: e.currentTarget.value.toUpperCase() }))} />
          </Labeled>
          <Labeled label={`Shadow ${style.shadow.depth}px`}>
            <input type="range" min={0} max={12} step={1} value={style.shadow.depth} onChange={(e) => set(patch(style, 'shadow', { depth: Number(e.currentTarget.value) }))} />
          </Labeled>
        </div>
        <div className="field-row">
          <label className="check">
            <input type="checkbox" checked={style.box !== null} onChange={(e) => set({ ...style, box: e.currentTarget.checked ? { colour: '#000000', opacity: 0.6, padding: 16 } : null })} />
            <span>Box behind the caption</span>
          </label>
          {style.box ? (
            <>
              <Labeled label="Box colour">
                <input type="color" value={style.box.colour.toLowerCase()} onChange={(e) => set(patch(style, 'box', { colour: e.currentTarget.value.toUpperCase() }))} />
              </Labeled>
              <Labeled label={`Opacity ${Math.round(style.box.opacity * 100)}%`}>
                <input type="range" min={0} max={1} step={0.05} value={style.box.opacity} onChange={(e) => set(patch(style, 'box', { opacity: Number(e.currentTarget.value) }))} />
              </Labeled>
            </>
          ) : null}
        </div>
        <div className="field-row">
          <Labeled label="Case">
            <select value={style.case} onChange={(e) => set({ ...style, case: e.currentTarget.value as CaptionStyle['case'] })}>
              <option value="as-written">As written</option>
              <option value="upper">UPPER CASE</option>
            </select>
          </Labeled>
          <Labeled label="Captions by">
            <select value={mode} onChange={(e) => set(withLayoutMode(style, e.currentTarget.value as 'words' | 'lines'))}>
              <option value="words">Words per caption</option>
              <option value="lines">Characters per line</option>
            </select>
          </Labeled>
          {'wordsPerCaption' in style.layout ? (
            <Labeled label={`${style.layout.wordsPerCaption} word${style.layout.wordsPerCaption === 1 ? '' : 's'}`}>
              <input type="range" min={1} max={7} step={1} value={style.layout.wordsPerCaption} onChange={(e) => set({ ...style, layout: { wordsPerCaption: Number(e.currentTarget.value) } })} />
            </Labeled>
          ) : (
            <>
              <Labeled label={`${style.layout.charsPerLine} characters`}>
                <input type="range" min={8} max={42} step={1} value={style.layout.charsPerLine} onChange={(e) => set({ ...style, layout: { charsPerLine: Number(e.currentTarget.value), lines: 'lines' in style.layout ? style.layout.lines : 2 } })} />
              </Labeled>
              <Labeled label="Lines">
                <select value={style.layout.lines} onChange={(e) => set({ ...style, layout: { charsPerLine: 'charsPerLine' in style.layout ? style.layout.charsPerLine : 24, lines: Number(e.currentTarget.value) } })}>
                  <option value={1}>1</option>
                  <option value={2}>2</option>
                  <option value={3}>3</option>
                </select>
              </Labeled>
            </>
          )}
        </div>
        <div className="field-row">
          <Labeled label="Position">
            <select value={pos} onChange={(e) => set(withPosition(style, e.currentTarget.value as PositionChoice))}>
              <option value="top">Top third</option>
              <option value="middle">Middle</option>
              <option value="bottom">Bottom third</option>
              <option value="height">At a height…</option>
            </select>
          </Labeled>
          {typeof style.position === 'object' ? (
            <Labeled label={`${style.position.heightPercent}% down`}>
              <input type="range" min={0} max={100} step={1} value={style.position.heightPercent} onChange={(e) => set(withPosition(style, 'height', Number(e.currentTarget.value)))} />
            </Labeled>
          ) : null}
          <Labeled label="Entrance">
            <select value={style.entrance} onChange={(e) => set({ ...style, entrance: e.currentTarget.value as CaptionStyle['entrance'] })}>
              <option value="none">None</option>
              <option value="pop">Pop</option>
              <option value="fade">Fade</option>
            </select>
          </Labeled>
        </div>
        <div className="field-row">
          <Labeled label="Spoken word">
            <select value={style.highlight.mode} onChange={(e) => set(patch(style, 'highlight', { mode: e.currentTarget.value as CaptionStyle['highlight']['mode'] }))}>
              <option value="colour">Coloured</option>
              <option value="scale">Coloured and bigger</option>
              <option value="box">Box behind it</option>
              <option value="none">Not marked</option>
            </select>
          </Labeled>
          <Labeled label="Highlight colour">
            <input type="color" value={style.highlight.colour.toLowerCase()} onChange={(e) => set(patch(style, 'highlight', { colour: e.currentTarget.value.toUpperCase() }))} />
          </Labeled>
          <label className="check">
            <input type="checkbox" checked={style.emphasis.enabled} onChange={(e) => set(patch(style, 'emphasis', { enabled: e.currentTarget.checked }))} />
            <span>Colour key words</span>
          </label>
          <label className="check">
            <input type="checkbox" checked={style.emoji} onChange={(e) => set({ ...style, emoji: e.currentTarget.checked })} />
            <span>Emoji</span>
          </label>
        </div>
        <div className="form-actions">
          <button type="button" className="button primary" disabled={save.pending} onClick={() => void save.run(style)}>
            {save.pending ? 'Saving…' : 'Save style'}
          </button>
          <span className="muted small">Saved styles work everywhere: Create, the Queue, brand kits and the CLI.</span>
        </div>
        <InlineError message={save.error} />
      </div>
      <figure className="style-preview">
        <div className={`style-still preset-${preset}`}>
          {still ? <img src={still.url} alt={`One frame of "${style.name}" at ${atSec.toFixed(1)} s`} /> : <p className="loading">Rendering a frame…</p>}
        </div>
        <figcaption>
          <div className="field-row">
            <Labeled label="Preset">
              <select value={preset} onChange={(e) => setPreset(e.currentTarget.value as PresetName)}>
                <PresetOptions />
              </select>
            </Labeled>
            <Labeled label={`At ${atSec.toFixed(1)} s`}>
              <input type="range" min={0} max={8} step={0.1} value={atSec} onChange={(e) => setAtSec(Number(e.currentTarget.value))} />
            </Labeled>
          </div>
          <Labeled label="Sample narration">
            <input value={text} onChange={(e) => setText(e.currentTarget.value)} />
          </Labeled>
          <label className="check">
            <input type="checkbox" checked={withTitle} onChange={(e) => setWithTitle(e.currentTarget.checked)} />
            <span>Hook title</span>
          </label>
          {withTitle ? (
            <Labeled label="Hook title text">
              <input value={titleText} onChange={(e) => setTitleText(e.currentTarget.value)} />
            </Labeled>
          ) : null}
          <p className="muted small" aria-live="polite">
            {previewError ? <span className="field-error">{previewError}</span> : still ? `One frame of the real render, made in ${still.ms} ms.` : ''}
          </p>
        </figcaption>
      </figure>
    </div>
  );
}
