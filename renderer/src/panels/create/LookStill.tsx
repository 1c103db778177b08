import { useEffect, useRef, useState } from 'react';
import { getApi } from '../../api/getApi';
import { errorMessage } from '../../api/errors';
import { useLooks } from '../../components/useLooks';
import type { PresetName } from '../../types/contract';

const DEBOUNCE_MS = 250;

/**
 * One frame of the look this video will have — its visuals, caption style, brand logo and
 * format — rendered by the real pipeline (looks.preview), with the hook as the caption. It
 * follows the choices, debounced; a clip is shown at its start.
 */
export function LookStill({ captionStyle, brand, background, preset, text }: { captionStyle: string; brand: string; background: string; preset: PresetName; text: string }) {
  const { looks } = useLooks();
  const [still, setStill] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const kit = looks?.brands.find((b) => b.name === brand) ?? null;
  const styleName = captionStyle || kit?.captionStyle || '';
  const style = looks?.captionStyles.find((s) => s.name === styleName) ?? null;

  useEffect(() => {
    if (!style) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      const { builtin: _builtin, ...plainStyle } = style;
      getApi()
        .invoke('looks.preview', {
          style: plainStyle, title: null, endCard: null, logo: kit?.logo ?? null, preset,
          text: text.trim() || 'Your hook goes here', atSec: 1.2, background, width: preset === 'landscape' ? 480 : 270,
        })
        .then((r) => {
          if (mine !== seq.current) return;
          setStill(r.imageUrl);
          setError(null);
        })
        .catch((err: unknown) => {
          if (mine === seq.current) setError(errorMessage(err));
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [style, kit, background, preset, text]);

  return (
    <div className="card look-still" data-testid="look-still">
      <h3>The look</h3>
      {still ? <img src={still} alt={`A frame of the look: ${styleName} captions${kit ? `, ${kit.name} brand` : ''}`} /> : <div className="look-still-placeholder" aria-hidden="true" />}
      {error ? <p className="muted small">No still: {error}</p> : <p className="muted small">One frame of the real render: visuals, captions{kit?.logo ? ', logo' : ''}.</p>}
    </div>
  );
}
