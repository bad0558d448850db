// The VS Code look (@vscode-elements/elements, Lit web components): only the components the panel
// uses, each imported on its own so the bundle carries no others. Loaded by startPage() through a
// dynamic import, because the same bundle is the Monte-Carlo worker, which has no DOM to define them in.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
