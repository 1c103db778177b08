import { BrandEditor } from './BrandEditor';
import { StyleEditor } from './StyleEditor';
import './looks.css';

/** Settings → Caption styles and Brand kits. */
export function LooksSection() {
  return (
    <section className="looks-section" aria-label="Caption styles and brand kits">
      <div className="card">
        <h2>Caption styles</h2>
        <StyleEditor />
      </div>
      <div className="card">
        <h2>Brand kits</h2>
        <BrandEditor />
      </div>
    </section>
  );
}
