/**
 * A path the privileged side may read for a File the user picked: its real path in the desktop
 * app, an uploaded copy in the browser host. (For one file; a drop of many goes through dropFiles.)
 */
import { getApi, isDesktop } from './getApi';
import { uploadFiles } from './upload';

export async function pathOfPickedFile(file: File): Promise<string> {
  if (isDesktop()) {
    const p = getApi().pathForFile(file);
    if (!p) throw new Error(`"${file.name}" has no path on disk: pick a file saved on this computer.`);
    return p;
  }
  const [uploaded] = await uploadFiles([file]);
  if (!uploaded) throw new Error(`Upload of "${file.name}" returned no path.`);
  return uploaded;
}
