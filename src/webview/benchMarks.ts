// Performance marks for `npm run bench:panel`, which reads them to split the command's time into
// its steps: the host's message received, handled (the page drawn), painted. They exist only in a
// bundle built with DROPOUT_LENS_BENCH=1 (the bench sets it; esbuild.js defines BENCH_MARKS from
// it): in the shipped page BENCH_MARKS is false and the minifier drops all but `startPage()`.
declare const BENCH_MARKS: boolean;

/** Starts the page, with a `message` listener on each side of its own when built for the bench. */
export function startMarked(startPage: () => void): void {
  if (!BENCH_MARKS) return startPage();
  window.addEventListener('message', () => performance.mark('dropout-lens:message'));
  startPage();
  // Listeners run in the order they were added: this one once the page has handled the message
  // (the bench's host sends only well-formed ones). A notice draws nothing.
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    performance.mark('dropout-lens:rendered');
    if ((event.data as { type?: unknown } | null)?.type !== 'notice') requestAnimationFrame(() => setTimeout(() => performance.mark('dropout-lens:painted'), 0));
  });
}
