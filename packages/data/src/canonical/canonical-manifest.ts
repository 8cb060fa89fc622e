import type { LoadReport } from '@bladerec/core';

/** Version of the canonical folder layout written by `writeCanonical`. */
export const CANONICAL_VERSION = 1;

/** `dataset.json` of a canonical folder. */
export interface CanonicalManifest {
  readonly version: number;
  readonly name: string;
  /** Always `canonical`. */
  readonly format: 'canonical';
  /** The loader format the data was converted from (`canonical` when written from scratch). */
  readonly sourceFormat: string;
  /** Seed the source was loaded or generated with, when known. */
  readonly seed?: number;
  readonly counts: {
    readonly items: number;
    readonly users: number;
    readonly train: number;
    readonly valid: number;
    readonly test: number;
  };
  /** The source's load report. */
  readonly report: LoadReport;
  /** Free-form description of how the data was made (e.g. the generator's options). */
  readonly generator?: Readonly<Record<string, unknown>>;
}

/** The files of a canonical folder. */
export const CANONICAL_FILES = {
  catalog: 'catalog.json',
  manifest: 'dataset.json',
  train: 'train.jsonl',
  valid: 'valid.jsonl',
  test: 'test.jsonl',
} as const;
