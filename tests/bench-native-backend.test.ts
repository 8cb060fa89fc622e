import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareVersions,
  findTensorflowWheel,
  parseWheelName,
  pipSources,
  simpleIndexWheels,
  usableWheel,
} from '../bench/native-backend.mjs';

// The wheel lookup of the bench-only native backend build (bench/native-backend.mjs). The build itself needs a
// TensorFlow wheel and a compiler and is exercised by `pnpm bench:train`, never by the tests.
const dir = mkdtempSync(join(tmpdir(), 'bladerec-wheels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const touch = (path: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
};
const CPU = 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl';

describe('native backend: finding a TensorFlow wheel', () => {
  it('parses wheel names and keeps only Linux TensorFlow wheels for the machine', () => {
    expect(parseWheelName(CPU)).toEqual({
      name: 'tensorflow_cpu',
      version: '2.21.0',
      python: 'cp311',
      abi: 'cp311',
      platform: 'manylinux_2_27_x86_64',
    });
    expect(parseWheelName('torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl')?.version).toBe('2.13.0+cpu');
    expect(parseWheelName('notes.txt')).toBeUndefined();
    expect(usableWheel(CPU, 'x86_64')).toBe(true);
    expect(usableWheel(CPU, 'aarch64')).toBe(false);
    expect(usableWheel('tensorflow-2.16.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'x86_64')).toBe(
      true,
    );
    expect(usableWheel('tensorflow-2.16.1-cp311-cp311-macosx_12_0_arm64.whl', 'aarch64')).toBe(false);
    expect(usableWheel('tensorboard-2.21.0-py3-none-any.whl', 'x86_64')).toBe(false);
    expect(usableWheel('torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl', 'x86_64')).toBe(false);
  });

  it('orders versions numerically', () => {
    expect(compareVersions('2.21.0', '2.9.1')).toBeGreaterThan(0);
    expect(compareVersions('2.9.1', '2.21.0')).toBeLessThan(0);
    expect(compareVersions('2.16', '2.16.0')).toBe(0);
  });

  it("reads pip's local sources and never a remote index", () => {
    const config = [
      ":env:.find-links='/opt/wheels'",
      "global.extra-index-url='file:///opt/pypi/simple file:///opt/more/simple/ https://pypi.org/simple'",
      "global.index-url='https://mirror.example/simple'",
      "global.cert='/etc/ssl/certs/ca-certificates.crt'",
    ].join('\n');
    expect(pipSources(config, { PIP_FIND_LINKS: '/srv/wheels /opt/wheels' })).toEqual({
      folders: ['/srv/wheels', '/opt/wheels'],
      indexes: ['/opt/pypi/simple', '/opt/more/simple'],
    });
  });

  it('finds the newest usable wheel in a folder or a simple index, and says where it looked when none', () => {
    const folder = join(dir, 'wheels');
    touch(join(folder, 'tensorflow_cpu-2.9.1-cp39-cp39-manylinux_2_17_x86_64.whl'));
    touch(join(folder, 'tensorflow_cpu-2.21.0-cp311-cp311-macosx_12_0_arm64.whl'));
    touch(join(folder, 'keras-3.15.1-py3-none-any.whl'));
    const index = join(dir, 'pypi/simple');
    const newest = touch(join(dir, 'pypi/files', CPU));
    touch(join(index, 'tensorflow-cpu/index.html'));
    writeFileSync(join(index, 'tensorflow-cpu/index.html'), `<a href="../../files/${CPU}#sha256=00">${CPU}</a>`);
    expect(simpleIndexWheels(index, 'tensorflow-cpu')).toEqual([newest]);
    expect(simpleIndexWheels(index, 'tensorflow')).toEqual([]);
    const env = { BLADE_WHEEL_DIRS: folder };
    if (process.arch === 'x64') {
      expect(findTensorflowWheel(env, '')).toMatchObject({ version: '2.9.1' });
      expect(findTensorflowWheel(env, `global.extra-index-url='file://${index}'`)).toMatchObject({
        wheel: newest,
        version: '2.21.0',
      });
    }
    const none = findTensorflowWheel({ BLADE_WHEEL_DIRS: join(dir, 'empty') }, '');
    expect(none).toMatchObject({ skipped: expect.stringMatching(/^no tensorflow-cpu wheel for Linux .* in .*empty$/) });
    expect(findTensorflowWheel({}, '')).toMatchObject({ skipped: expect.stringContaining('no local wheel folder') });
    expect(findTensorflowWheel({ BLADE_TF_WHEEL: join(dir, 'missing.whl') }, '')).toMatchObject({
      skipped: expect.stringContaining('does not exist'),
    });
  });
});
