// The README is what a newcomer reads first: what Souq is, two commands, a map, and a link to
// every guide in docs/ — the long reference lives in the guides, so it stays one screenful or two.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');
const readme = read('README.md');

describe('the README', () => {
  it('starts the app and the tests with one command each', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));
    const commands = [...quickStart.matchAll(/^(npm|\.\/scripts|git|npx)[^\n#]*/gm)].map((m) => m[0].trim());
    expect(commands.slice(0, 2)).toEqual(['npm start', 'npm test']);
  });

  it('links every guide in docs/, and stays short', () => {
    for (const guide of readdirSync(fileURLToPath(new URL('../../docs', import.meta.url))).filter((f) => f.endsWith('.md'))) {
      expect(readme, guide).toContain(`](docs/${guide})`);
    }
    expect(readme.split('\n').length).toBeLessThan(120);
  });
});
