/**
 * The local store holds captured prompts and completions, so only its owner may read it: folders
 * 0700 and files 0600, set explicitly (a umask only ever removes bits, and a strict one would
 * leave us unable to write). A store that already exists with looser modes is left as it is (its
 * owner may share it on purpose) and reported once, with the command that makes it private.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The group and other permission bits. */
const OPEN_TO_OTHERS = 0o077;
/** The sticky bit (S_ISVTX): a shared folder where each user may remove only their own files. */
const STICKY = 0o1000;

/**
 * Makes `folder` inside the store `root` (and every folder on the way that does not exist yet)
 * with mode 0700. Returns a warning when the store already existed and others can read it.
 * Throws what `mkdir` throws.
 */
export function makePrivateFolder(root: string, folder: string): string | undefined {
  const existing = [root, folder].filter((p) => fs.existsSync(p));
  const first = fs.mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (first !== undefined) {
    // Every folder from the first one made down to `folder`.
    const made = path.relative(first, folder).split(path.sep).filter(Boolean);
    let current = first;
    fs.chmodSync(current, PRIVATE_FOLDER_MODE);
    for (const part of made) {
      current = path.join(current, part);
      fs.chmodSync(current, PRIVATE_FOLDER_MODE);
    }
  }
  return openStoreWarning(root, folder, existing);
}

function openStoreWarning(root: string, folder: string, existing: string[]): string | undefined {
  for (const p of existing) {
    const stat = fs.statSync(p);
    // A shared scratch folder (sticky, like /tmp) as the root is not the store's own to close.
    if (p === root && (stat.mode & STICKY) !== 0) continue;
    if ((stat.mode & OPEN_TO_OTHERS) === 0) continue;
    const target = p === root ? root : folder;
    return (
      `the local store at ${target} can be read by other users of this machine (mode ${(stat.mode & 0o777).toString(8)}) ` +
      `and holds captured prompts and completions; to make it private: chmod -R go-rwx ${target}`
    );
  }
  return undefined;
}
