// `npm start` serves the console from dist/web: build it once if it is not there yet.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/web/index.html', import.meta.url))) {
  console.log('Building the web console (first start only) …');
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}
