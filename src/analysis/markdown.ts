/**
 * Markdown built from document text. A hover is trusted for one command, so text from the
 * user's file must never become Markdown syntax there: a link, an image, HTML or a line break
 * that ends our paragraph. vscode-free, so it can be fuzzed under Node.
 */

/** One line: line breaks (\s has \r, \n, U+2028/9) and the NEL and NUL that \s lacks become spaces. */
const oneLine = (text: string): string => text.replaceAll('\u0000', ' ').replaceAll('\u0085', ' ').replace(/\s/g, ' ');
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * `text` as one inline code span, verbatim whatever it holds. The fence is one backtick longer
 * than the longest run inside (CommonMark 6.1: only an equal run closes a span); content that
 * starts or ends with a backtick is padded with a space on each side (stripped when rendered) so
 * that backtick cannot join the fence. Whitespace runs collapse to one space, so no line break
 * can end the paragraph.
 */
export function inlineCode(text: string): string {
  const content = oneLine(text).replace(/ +/g, ' ').trim();
  // Two backticks alone would be a literal run, not a span.
  if (content === '') return '` `';
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Plain text with every ASCII punctuation character backslash-escaped (CommonMark 2.4): no syntax survives. */
export function escapeText(text: string): string {
  return oneLine(text).replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * A link that runs `command` with `args` (VS Code's `command:id?<JSON array>`). The JSON is
 * percent-encoded, parentheses too: encodeURIComponent keeps them, and an unbalanced one would
 * end the link destination early.
 */
export function commandLink(label: string, command: string, args: unknown): string {
  const query = encodeURIComponent(JSON.stringify([args])).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${escapeText(label)}](command:${command}?${query})`;
}
