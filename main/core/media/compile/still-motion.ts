/**
 * A slow Ken Burns move on a still (pure filter text). The still is cover-scaled to the frame
 * once, repeated for the shot's frames, then zoomed about its centre by `perspective`, which
 * samples between pixels: the zoom changes by a fraction of a pixel each frame and the picture
 * glides. `zoompan` (and scale-then-crop) round the crop to whole pixels, so the picture moves
 * 0 or 1 px per frame and shimmers: measured on a detailed still (1→1.12 over 3 s, 540×960),
 * the frame-to-frame change varied by 57 % (zoompan) and 50 % (scale at 2× then crop) of its
 * mean, against 1.4 % for this filter.
 */

/** Push-in ends, and pull-out starts, this much closer (1.00 → 1.12 over the shot). */
export const KEN_BURNS_ZOOM = 0.12;

export type StillMove = 'push-in' | 'pull-out';

/** The zoom at input frame `in` (0-based) of `frames`, as an ffmpeg expression. */
function zoomExpr(move: StillMove, frames: number): string {
  const last = Math.max(1, frames - 1);
  const t = `in/${last}`;
  return move === 'push-in' ? `(1+${KEN_BURNS_ZOOM}*${t})` : `(1+${KEN_BURNS_ZOOM}*(1-${t}))`;
}

/**
 * The source quadrilateral for a centred zoom: its corners are pulled in by 1/z of the half
 * size, and perspective maps that quad onto the whole frame (sense=source).
 */
function perspectiveZoom(z: string): string {
  const l = `W/2-W/2/${z}`;
  const r = `W/2+W/2/${z}`;
  const t = `H/2-H/2/${z}`;
  const b = `H/2+H/2/${z}`;
  return `perspective=x0='${l}':y0='${t}':x1='${r}':y1='${t}':x2='${l}':y2='${b}':x3='${r}':y3='${b}':interpolation=linear:sense=source:eval=frame`;
}

/**
 * The still's chain after its input: cover-crop (given, the same as clips get), one frame in
 * yuv420p, repeated `frames` times at `fps`, zoomed. Nothing is decoded or scaled twice.
 */
export function stillMotionChain(cover: string, move: StillMove, frames: number, fps: number): string {
  const n = Math.max(1, Math.round(frames));
  return [
    cover,
    'format=yuv420p',
    // One decoded, scaled frame kept and repeated: a looped image input would decode the file every frame.
    `loop=loop=${n - 1}:size=1:start=0`,
    `setpts=N/(${fps}*TB)`,
    perspectiveZoom(zoomExpr(move, n)),
  ].join(',');
}
