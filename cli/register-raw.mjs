// Preloaded with `node --import tsx --import ./cli/register-raw.mjs`: makes the Node CLIs see the
// same build-time features as the Vite bundle, so engine code runs unchanged in both:
//   - `import code from './x.wgsl?raw'` yields the file's text (Vite's ?raw),
//   - the global `__APP_VERSION__` (Vite `define`) holds package.json's version.
import { register } from 'node:module';
import { readFileSync } from 'node:fs';

// Registered after tsx, so these hooks run first and only hand ?raw specifiers past tsx.
register('./raw-hooks.mjs', import.meta.url);

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
globalThis.__APP_VERSION__ = String(pkg.version);
