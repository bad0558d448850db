// Entry point for the web worker extension host (bundled to out/integration/web.js).
// mocha's browser build defines the global `mocha`; its spec reporter writes through console.log,
// which the test page forwards to the runner.
import 'mocha/mocha';
import { TEST_TIMEOUT_MS } from './patience';

export async function run(): Promise<void> {
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: TEST_TIMEOUT_MS });
  await import('./suites');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}
