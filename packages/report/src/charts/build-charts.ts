import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from '../aggregate/report-data.js';
import type { Chart, SkippedChart } from './chart.js';
import { settingCount, stepChartSpec, stepRows } from './step-chart.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The failure-mode diagnostics, in the order they are drawn (those a run logged). */
export const DIAGNOSTIC_KEYS = [
  'blade/saturation_static',
  'blade/saturation_target',
  'blade/zero_signal_groups',
  'blade/mean_abs_advantage',
  'blade/ess_ratio',
  'kl/reference',
  'train/grad_norm',
] as const;

/** Accuracy metrics: the x axis of the trade-off chart; every other metric is a y panel there. */
const ACCURACY = /^(ndcg|recall|hr|mrr|precision|map|f1|r-precision)(@\d+)?$/;

function keysPresent(data: ReportData, kinds: readonly string[], accept: (key: string) => boolean): string[] {
  const keys: string[] = [];
  for (const g of data.groups) {
    if (!kinds.includes(g.kind)) continue;
    for (const run of g.runs)
      for (const r of run.folder.records)
        for (const k of Object.keys(r)) if (accept(k) && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

function trainingCurves(data: ReportData): Chart | SkippedChart {
  const id = 'training-curves';
  const title = 'Training curves per arm (mean over seeds, band ± sd)';
  const terms = keysPresent(data, ['align'], (k) => /^reward\/.+\/mean$/.test(k) && k !== 'reward/total/mean');
  const keys = [
    'reward/total/mean',
    ...(terms.length > 1 ? terms : []),
    ...keysPresent(data, ['align'], (k) => k === `eval/sampled/${data.metric}`),
    'train/loss',
  ];
  const rows = stepRows(
    data.groups.filter((g) => g.kind === 'align'),
    keys,
  );
  if (rows.length === 0) return { id, title, reason: 'no alignment run logged rewards or validation' };
  return {
    id,
    title,
    spec: stepChartSpec(title, rows, keys),
    caption:
      `The objective (reward/total/mean), each term of a composite objective, validation ${data.metric} ` +
      '(sampled lists) and the loss, over training steps; one column per KL coefficient.',
  };
}

function sftCurves(data: ReportData): Chart | SkippedChart {
  const id = 'sft-curves';
  const title = 'SFT curves (mean over seeds, band ± sd)';
  const keys = [
    'train/loss',
    ...keysPresent(data, ['sft'], (k) => k.startsWith('eval/') && !k.startsWith('eval/best')),
  ];
  const rows = stepRows(
    data.groups.filter((g) => g.kind === 'sft'),
    keys,
  );
  if (rows.length === 0) return { id, title, reason: 'no SFT run' };
  return {
    id,
    title,
    spec: stepChartSpec(title, rows, keys),
    caption: 'Training loss and validation metrics of the SFT runs.',
  };
}

function diagnostics(data: ReportData): Chart | SkippedChart {
  const id = 'diagnostics';
  const title = 'Failure-mode diagnostics over steps';
  const present = keysPresent(data, ['align'], (k) => (DIAGNOSTIC_KEYS as readonly string[]).includes(k));
  const keys = DIAGNOSTIC_KEYS.filter((k) => present.includes(k));
  const rows = stepRows(
    data.groups.filter((g) => g.kind === 'align'),
    keys,
  );
  if (rows.length === 0) return { id, title, reason: 'no alignment run logged diagnostics' };
  return {
    id,
    title,
    spec: stepChartSpec(title, rows, keys),
    caption:
      'Static vs target saturation, zero-signal groups, mean |advantage|, ESS/N, KL to the reference and the ' +
      'gradient norm (docs/algorithms.md#diagnostics).',
  };
}

function klFrontier(data: ReportData): Chart | SkippedChart {
  const id = 'kl-frontier';
  const title = `KL frontier: ${data.metric} against realised KL`;
  const prefix = settingCount(data.groups) > 1;
  const rows = data.frontier.flatMap((p) =>
    (['test', 'validation'] as const)
      .filter((panel) => Number.isFinite(p[panel]) && Number.isFinite(p.kl))
      .map((panel) => ({
        panel: `${panel} ${data.metric}`,
        arm: prefix && p.setting !== '' ? `${p.setting} · ${p.arm}` : p.arm,
        kl: p.kl,
        value: p[panel],
        coef: p.coef === undefined ? '' : String(p.coef),
        order: typeof p.coef === 'number' ? p.coef : 0,
      })),
  );
  if (rows.length === 0)
    return { id, title, reason: 'no alignment run has a realised KL and a test or validation value yet' };
  const x = {
    field: 'kl',
    type: 'quantitative',
    title: 'realised KL (mean kl/reference, klWindow steps up to the kept step)',
  } as const;
  const y = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  const color = { field: 'arm', type: 'nominal', title: 'arm' } as const;
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title,
    data: { values: rows },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: 'ascending' } },
    spec: {
      width: 320,
      height: 240,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
        },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color } },
        {
          mark: { type: 'text', dx: 4, dy: -6, align: 'left', fontSize: 9 },
          encoding: { x, y, text: { field: 'coef' }, color },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
  return {
    id,
    title,
    spec,
    caption:
      'One line per arm, one point per KL coefficient (labelled), means over seeds; the SFT reference sits at KL 0. ' +
      'Up and to the left is better: more metric for less drift from the reference.',
  };
}

function tradeOff(data: ReportData): Chart | SkippedChart {
  const id = 'trade-off';
  const title = `Accuracy vs beyond-accuracy metrics (composite objectives, test, mean over seeds)`;
  const others = data.metrics.filter((m) => !ACCURACY.test(m));
  const rows = data.rows
    .filter((r) => r.group.kind !== 'sft' && (r.group.objective ?? '').includes('+') && r.test[data.metric])
    .flatMap((r) =>
      others
        .filter((m) => r.test[m])
        .map((m) => ({
          metric: m,
          label: r.group.label,
          arm: r.group.arm,
          accuracy: r.test[data.metric]!.mean,
          value: r.test[m]!.mean,
        })),
    );
  if (rows.length === 0) {
    return {
      id,
      title,
      reason:
        others.length === 0
          ? 'the runs report no diversity, fairness or popularity metric'
          : 'no finished run aligned to a composite objective',
    };
  }
  const x = { field: 'accuracy', type: 'quantitative', title: `test ${data.metric}`, scale: { zero: false } } as const;
  const y = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title,
    data: { values: rows },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: 260,
      height: 220,
      layer: [
        {
          mark: { type: 'point', filled: true, size: 60 },
          encoding: { x, y, color: { field: 'arm', type: 'nominal', title: 'arm' } },
        },
        { mark: { type: 'text', dx: 5, align: 'left', fontSize: 9 }, encoding: { x, y, text: { field: 'label' } } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
  return { id, title, spec, caption: 'Each point is one arm at one KL coefficient; compare arms at equal accuracy.' };
}

/** Bar rows of the per-group exposure the runs logged (`summary.json` `exposure`), in group order. */
function groupExposureRows(data: ReportData): { rows: Record<string, unknown>[]; groups: string[]; metrics: string[] } {
  const groups: string[] = [];
  const metrics: string[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const r of data.rows) {
    if (!r.exposure) continue;
    if (!metrics.includes(r.exposure.metric)) metrics.push(r.exposure.metric);
    for (const [g, share] of Object.entries(r.exposure.shares)) {
      const group = `group ${g}`;
      if (!groups.includes(group)) groups.push(group);
      rows.push({ label: r.group.label, group, order: groups.indexOf(group), share: share.mean });
    }
  }
  return { rows, groups, metrics };
}

function exposureSpec(
  title: string,
  rows: Record<string, unknown>[],
  axis: string,
  legend: string,
  groups: string[],
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: rows },
    width: 420,
    height: { step: 18 },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', title: null, sort: null },
      x: { field: 'share', type: 'quantitative', title: axis, stack: 'normalize' },
      color: { field: 'group', type: 'nominal', title: legend, sort: groups },
      order: { field: 'order', type: 'quantitative', sort: 'ascending' },
    },
  };
}

/**
 * Exposure by popularity group: each item group's share of the position-weighted test exposure
 * (`group-exposure@K`, logged by every run since it existed); folders from before fall back to the
 * head/tail split of `tail-share@K`, labelled as a proxy.
 */
function exposure(data: ReportData): Chart | SkippedChart {
  const id = 'exposure';
  const logged = groupExposureRows(data);
  if (logged.rows.length > 0) {
    const metric = logged.metrics.join(', ');
    const title = `Exposure by item group (test, ${metric}, mean over seeds)`;
    const k = logged.metrics[0]!.split('@')[1];
    return {
      id,
      title,
      spec: exposureSpec(
        title,
        logged.rows,
        `share of the position-weighted top-${k} exposure`,
        'item group',
        logged.groups,
      ),
      caption:
        `Each item group's share of the exposure of the test lists (${metric}: slot p weighs 1/log2(1+p), each ` +
        'item once per list; Singh & Joachims 2018), mean over the finished seeds. For popularity groups, group 0 ' +
        'is the most popular (Video Games popularity_groups.json, synthetic groups).',
    };
  }
  const tail = data.metrics.find((m) => /^tail-share@\d+$/.test(m));
  const title = 'Exposure by popularity group (proxy: tail-share@K; these runs logged no per-group exposure)';
  if (!tail) return { id, title, reason: 'the runs log no per-group exposure (group-exposure@K) and no tail-share@K' };
  const groups = ['tail (long tail)', 'head (popular)'];
  const rows = data.rows
    .filter((r) => r.test[tail])
    .flatMap((r) => [
      { label: r.group.label, group: groups[1], order: 1, share: 1 - r.test[tail]!.mean },
      { label: r.group.label, group: groups[0], order: 0, share: r.test[tail]!.mean },
    ]);
  if (rows.length === 0) return { id, title, reason: `no finished run has ${tail}` };
  return {
    id,
    title,
    spec: exposureSpec(title, rows, `share of the top-${tail.split('@')[1]} items (proxy)`, 'popularity group', groups),
    caption:
      `Proxy for runs from before per-group exposure was logged: head vs long-tail share of the recommended items ` +
      `(${tail}, unweighted, mean over seeds). Rerun the evaluation for the per-group, position-weighted bars.`,
  };
}

/** Every chart of the report in order, or the reason a chart has no data. */
export function buildCharts(data: ReportData): (Chart | SkippedChart)[] {
  return [klFrontier(data), trainingCurves(data), diagnostics(data), tradeOff(data), exposure(data), sftCurves(data)];
}

export function isChart(c: Chart | SkippedChart): c is Chart {
  return 'spec' in c;
}
