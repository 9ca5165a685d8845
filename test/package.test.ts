// The published package: build, pack, install the tarball elsewhere, import it from plain Node 20.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'smp-sim-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the npm package', () => {
  it('builds, packs and imports the core, the worker client and the head model from plain node, with types, and ships the renderer entry', () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
    execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    const mod = join(app, 'node_modules', 'smp-sim');
    mkdirSync(mod, { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', mod, '--strip-components=1']);
    // the registry is not needed to prove the package shape: link its runtime dependencies from here
    for (const dep of Object.keys(pkg.dependencies)) {
      const target = join(app, 'node_modules', dep);
      mkdirSync(join(target, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), target);
    }
    const files = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' });
    expect(files).toContain('package/dist/src/index.d.ts');
    expect(files).not.toMatch(/package\/(test|bench|examples)\//);
    writeFileSync(
      join(app, 'main.mjs'),
      `import { simulate, defaultPlan } from 'smp-sim';
       import { createEngine, isSuperseded } from 'smp-sim/worker';
       import { fitHead, headProjection, HEAD_RADII_MM } from 'smp-sim/head';
       import { stagePlan, estimate } from 'smp-sim/consult';
       const d = simulate(defaultPlan());
       // the renderer needs a browser (Pixi): here only where its entry resolves
       const render = import.meta.resolve('smp-sim/render');
       // the head model is pure: it runs in node
       const fit = fitHead({ width: 800, height: 1000, face: null, scale: { pxPerMm: 3, sd: 0.1, source: 'ruler' }, outline: { cx: 400, cy: 420, rx: 235, ry: 330, angle: 0 }, personMask: null, classes: null, proposedArea: null, notes: [] });
       const head = headProjection(fit).mmToPx(0, -20) && HEAD_RADII_MM.a > 0;
       const price = estimate(simulate.length ? (await import('smp-sim')).validatePlan(stagePlan('NW5')) : null, 'shaved');
       console.log(JSON.stringify({ count: d.count, layers: d.stats.perLayer.length, xy: d.xy.constructor.name, client: typeof createEngine + typeof isSuperseded, render, head, price: price.currency }));`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8' }));
    expect(out.count).toBeGreaterThan(10_000);
    expect(out.layers).toBe(3);
    expect(out.xy).toBe('Float32Array');
    expect(out.client).toBe('functionfunction');
    expect(out.head).toBe(true);
    expect(out.price).toBe('USD');
    expect(files).toContain('package/dist/src/consult/index.d.ts');
    expect(files).toContain('package/dist/src/head/index.d.ts');
    expect(files).toContain('package/dist/workers/engine.worker.js');
    expect(out.render).toMatch(/node_modules\/smp-sim\/dist\/src\/render\/index\.js$/);
    expect(files).toContain('package/dist/src/render/index.d.ts');
    expect(files).toContain('package/dist/src/render/aging-glsl.js');
  });
});
