import { SingleBar } from 'cli-progress';

/**
 * A progress bar on stderr for long reports (hundreds of run folders): reading, then rendering.
 * cli-progress is what the trainer's progress bar uses; the command attaches it only on an
 * interactive terminal (not with CI or a redirected stderr).
 */
export function reportProgress(stream: NodeJS.WritableStream = process.stderr): {
  update: (phase: 'read' | 'render', done: number, total: number) => void;
  stop: () => void;
} {
  const bar = new SingleBar({
    format: 'report {phase} [{bar}] {value}/{total}',
    stream,
    hideCursor: true,
    clearOnComplete: true,
  });
  let phase: string | undefined;
  return {
    update(next, done, total) {
      if (next !== phase) {
        if (phase !== undefined) bar.stop();
        phase = next;
        bar.start(total, 0, { phase: next === 'read' ? 'reading runs' : 'rendering charts' });
      }
      bar.update(done);
    },
    stop: () => {
      if (phase !== undefined) bar.stop();
    },
  };
}
