// Entry point for the Node extension host (bundled to out/integration/node.js, passed as
// extensionTestsPath). VS Code calls run() and reports its outcome as the run's exit code.
import Mocha from 'mocha';
import { TEST_TIMEOUT_MS } from './patience';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: TEST_TIMEOUT_MS });
  // Define describe/it on the global object before the suites are evaluated.
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'suites', mocha);
  await import('./suites');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration tests failed`)) : resolve()));
  });
}
