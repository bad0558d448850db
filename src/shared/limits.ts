// Bounds that the page's controls enforce and the message checks (on both sides) enforce again:
// one value, read by both.

/**
 * The panel's bound on N. Memory does not need one (the simulation keeps a count per noise
 * element, whatever N); time does: 100 times what `npm run bench`'s Monte-Carlo table gives for
 * 1,000 calls of a 10^6-element tensor.
 */
export const MAX_PANEL_DRAWS = 100_000;
