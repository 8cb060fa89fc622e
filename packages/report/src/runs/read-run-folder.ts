import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsRecord, RunFolder, UserScores } from './run-folder.js';
import { RunFolderError } from './run-folder-error.js';

/** The files whose presence makes a folder a run folder. */
export const RUN_MARKERS = ['metrics.jsonl', 'summary.json'] as const;

/** True when `dir` holds a run (a `metrics.jsonl` or a `summary.json`). */
export function isRunFolder(dir: string): boolean {
  return RUN_MARKERS.some((f) => existsSync(join(dir, f)));
}

function readJson(dir: string, file: string): Record<string, unknown> | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RunFolderError(dir, `${file} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RunFolderError(dir, `${file} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * The records of `metrics.jsonl`, last value per step and key (a resumed run may repeat steps). A
 * torn last line (the run is still writing) is dropped; a bad line before it is an error.
 */
export function parseMetricsLines(dir: string, text: string): MetricsRecord[] {
  const lines = text.split('\n');
  const byStep = new Map<number, Record<string, number>>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      if (lines.slice(i + 1).every((l) => l.trim() === '')) break; // torn last line of a running run
      throw new RunFolderError(dir, `metrics.jsonl line ${i + 1} is not valid JSON`);
    }
    const step = (record as { step?: unknown }).step;
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      throw new RunFolderError(dir, `metrics.jsonl line ${i + 1} has no numeric "step"`);
    }
    const into = byStep.get(step) ?? { step };
    for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
      if (typeof value === 'number') into[key] = value;
    }
    byStep.set(step, into);
  }
  return [...byStep.values()].sort((a, b) => a['step']! - b['step']!) as MetricsRecord[];
}

/**
 * Reads one run folder. A folder without `summary.json` is a running (or interrupted) run.
 * @throws RunFolderError naming the folder and the file that cannot be read
 */
export function readRunFolder(dir: string): RunFolder {
  if (!existsSync(dir)) throw new RunFolderError(dir, 'no such folder');
  if (!isRunFolder(dir)) throw new RunFolderError(dir, 'not a run folder (no metrics.jsonl or summary.json)');
  const summary = readJson(dir, 'summary.json');
  const config = readJson(dir, 'config.json') ?? readJson(dir, 'resolved-config.json');
  const metricsFile = join(dir, 'metrics.jsonl');
  const records = existsSync(metricsFile) ? parseMetricsLines(dir, readFileSync(metricsFile, 'utf8')) : [];
  const scores = readJson(dir, 'test-scores.json') as UserScores | undefined;
  const timing = readJson(dir, 'timing.json');
  const wallSeconds = typeof timing?.['wallSeconds'] === 'number' ? timing['wallSeconds'] : undefined;
  const commandFile = join(dir, 'command.txt');
  const command = existsSync(commandFile) ? readFileSync(commandFile, 'utf8').trim() : undefined;
  return { dir, status: summary ? 'finished' : 'running', config, summary, records, scores, wallSeconds, command };
}
