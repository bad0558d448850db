// Types for the parts of env.js that TypeScript tests import (the harness itself is plain
// JavaScript so that `npm test` can run before anything is installed or compiled).
import type { BrowserContext, Page } from 'playwright-core';

export function launchChromium(options?: { viewport?: { width: number; height: number } }): Promise<{
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}>;
