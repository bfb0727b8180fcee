import { SingleBar } from 'cli-progress';

/** How far a run is: shown as a bar on a terminal, nothing elsewhere (logs and pipes get the summary line only). */
export interface Progress {
  update(bytesRead: number, rows: number): void;
  stop(): void;
}

/**
 * A progress bar over the input's bytes (the only total known before the end: rows are counted as they stream),
 * with rows/s and the ETA, on stderr when it is a terminal.
 *
 * @param totalBytes - the input file's size
 */
export function startProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const bar = new SingleBar({
    stream,
    format: '{bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}',
    hideCursor: true,
    etaBuffer: 50,
  });
  bar.start(Math.max(totalBytes, 1), 0, { rows: 0, speed: 0 });
  return {
    update(bytesRead, rows) {
      const seconds = (Date.now() - started) / 1000;
      bar.update(Math.min(bytesRead, totalBytes), { rows, speed: seconds > 0 ? Math.round(rows / seconds) : 0 });
    },
    stop: () => bar.stop(),
  };
}
