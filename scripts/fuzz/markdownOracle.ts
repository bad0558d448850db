/**
 * What a Markdown renderer makes of the hover: parsed with markdown-it (CommonMark, plus raw HTML
 * and bare-URL autolinks as VS Code's GFM renderer has them), every link, image and piece of
 * HTML it finds, and the text of every code span.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: true, linkify: true });

export interface Rendered {
  /** The href of every link, in order (autolinks and bare URLs included). */
  readonly links: string[];
  readonly images: number;
  /** Raw HTML, inline or as a block. */
  readonly html: string[];
  /** The content of every inline code span, as rendered. */
  readonly code: string[];
  /** Paragraphs and other top-level blocks. */
  readonly blocks: string[];
}

export function render(markdown: string): Rendered {
  const out = { links: [] as string[], images: 0, html: [] as string[], code: [] as string[], blocks: [] as string[] };
  for (const token of md.parse(markdown, {})) {
    if (token.type === 'html_block') out.html.push(token.content);
    if (token.type.endsWith('_open') && token.tag !== '' && !token.type.startsWith('link')) out.blocks.push(token.tag);
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') out.links.push(child.attrGet('href') ?? '');
      else if (child.type === 'image') out.images++;
      else if (child.type === 'html_inline') out.html.push(child.content);
      else if (child.type === 'code_inline') out.code.push(child.content);
    }
  }
  return out;
}
