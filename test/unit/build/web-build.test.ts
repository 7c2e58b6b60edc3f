import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What snorq serves is React's production build, whoever built web/dist. The run's global set-up
 * builds it under vitest, which sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: that
 * build was React's development build (1.48 MB, its checks and double renders), which the browser
 * tests then ran and a later `npm start` served as fresh (scripts/build-web.js).
 */
const dist = path.resolve('web/dist');

function bundledSources(): string[] {
  const maps = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js.map'));
  return maps.flatMap((f) => (JSON.parse(fs.readFileSync(path.join(dist, 'assets', f), 'utf8')) as { sources: string[] }).sources);
}

describe('the built web app', () => {
  it('bundles React for production, not its development build', () => {
    const react = bundledSources().filter((s) => /node_modules\/react(-dom)?\/cjs\//.test(s));
    expect(react.some((s) => s.endsWith('react-dom-client.production.js'))).toBe(true);
    expect(react.filter((s) => s.includes('.development.'))).toEqual([]);
  });

  it('is stamped as a production build, so --if-stale rebuilds a dist that is not', () => {
    expect(JSON.parse(fs.readFileSync(path.join(dist, '.snorq-build.json'), 'utf8'))).toEqual({ mode: 'production' });
  });
});
