import { BrandEditor } from './BrandEditor';
import { StyleEditor } from './StyleEditor';
import './looks.css';

/** Settings → Caption styles and Brand kits. */
export function LooksSection() {
  return (
    <div className="looks-section">
      <section className="card" aria-labelledby="looks-styles-title">
        <h2 id="looks-styles-title">Caption styles</h2>
        <StyleEditor />
      </section>
      <section className="card" aria-labelledby="looks-brands-title">
        <h2 id="looks-brands-title">Brand kits</h2>
        <BrandEditor />
      </section>
    </div>
  );
}
