/** The viewer's entry point, bundled by scripts/build.mjs into dist/ui/app.js. */
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
