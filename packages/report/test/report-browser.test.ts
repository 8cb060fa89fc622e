import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../src/index.js';

/**
 * End to end: `report.html` of the fixture run tree opened in headless Chromium (Debian's
 * `chromium`, which .ci/run installs with apt when missing; puppeteer-core drives it and downloads
 * nothing). Every chart must have rendered (non-empty SVG paths with a size on the page), with no
 * console error and no request leaving the file; a screenshot lands in the test's temp folder.
 * Without a Chromium the test says so and skips — except under CI=true, where it must run.
 */
const CANDIDATES = [
  process.env['BLADE_CHROMIUM'],
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];
const chromium = CANDIDATES.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
const ci = process.env['CI'] === 'true' || process.env['CI'] === '1';
const skip = chromium === undefined && !ci;
if (skip)
  process.stderr.write(
    'report-browser.test.ts: skipped — no Chromium (apt-get install chromium, or set BLADE_CHROMIUM)\n',
  );

const dir = mkdtempSync(join(tmpdir(), 'blade-report-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)(`report.html in headless Chromium${skip ? ' — skipped: no Chromium' : ''}`, () => {
  let html = '';
  beforeAll(async () => {
    html = (await writeReport({ paths: [resolve(import.meta.dirname, 'fixtures/run-tree')], out: join(dir, 'report') }))
      .html;
  }, 120_000);

  it('renders every chart with no console error and no request beyond the file, and takes a screenshot', async () => {
    expect(chromium, 'CI=true needs a Chromium: .ci/run installs Debian chromium').toBeDefined();
    const { launch } = await import('puppeteer-core');
    const browser = await launch({
      executablePath: chromium!,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setRequestInterception(true);
      const url = pathToFileURL(html).href;
      page.on('request', (r) => {
        if (r.url() === url) return void r.continue();
        requests.push(r.url());
        void r.abort();
      });
      await page.setViewport({ width: 1400, height: 900 });
      await page.goto(url, { waitUntil: 'load' });
      const charts = await page.$$eval('figure.chart', (figures) =>
        figures.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          const paths = [...(svg?.querySelectorAll('path') ?? [])].filter(
            (p) => (p.getAttribute('d') ?? '').length > 1,
          );
          return {
            id: f.getAttribute('data-chart'),
            paths: paths.length,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
          };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual([
        'kl-frontier',
        'training-curves',
        'diagnostics',
        'trade-off',
        'exposure',
        'sft-curves',
      ]);
      for (const c of charts) {
        expect(c.paths, c.id ?? '').toBeGreaterThan(0);
        expect(c.width * c.height, c.id ?? '').toBeGreaterThan(0);
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot as `${string}.png`, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
