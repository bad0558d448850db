// The few parts of markdown-it (in node_modules through @vscode/vsce, without types) that the
// hover fuzzer uses to parse the hover's Markdown as a CommonMark renderer would.
declare module 'markdown-it' {
  interface Token {
    type: string;
    tag: string;
    content: string;
    markup: string;
    attrGet(name: string): string | null;
    children: Token[] | null;
  }
  interface Options {
    html?: boolean;
    linkify?: boolean;
  }
  class MarkdownIt {
    constructor(options?: Options);
    parse(src: string, env: object): Token[];
  }
  export = MarkdownIt;
}
