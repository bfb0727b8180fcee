import { readFileSync, statSync } from 'node:fs';
import JSZip from 'jszip';

/** What a deployment zip holds. */
export interface ZipContents {
  /** Size of the .zip file itself, in bytes. */
  readonly zippedBytes: number;
  /** Sum of the uncompressed sizes of every file, in bytes. */
  readonly unzippedBytes: number;
  /** Every file path inside the zip (directories excluded). */
  readonly files: readonly string[];
  /** The text of one file in the zip. */
  text(path: string): string;
}

/**
 * Reads a zip fully into memory (function zips are a few MB at most).
 *
 * @param zipPath - path to the .zip file
 */
export async function readZip(zipPath: string): Promise<ZipContents> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  const contents = new Map<string, Buffer>();
  for (const entry of entries) contents.set(entry.name, await entry.async('nodebuffer'));
  let unzippedBytes = 0;
  for (const data of contents.values()) unzippedBytes += data.length;
  return {
    zippedBytes: statSync(zipPath).size,
    unzippedBytes,
    files: [...contents.keys()].sort(),
    text(path: string) {
      const data = contents.get(path);
      if (!data) throw new Error(`${path} is not in ${zipPath}`);
      return data.toString('utf8');
    },
  };
}
