// The --vscode-* variables the panel uses, with the values of VS Code's default themes
// (Dark Modern, Light Modern, Dark High Contrast), as the workbench injects them into a webview.
// The @vscode-elements controls read the settings editor's (settings-*), list and checkbox colours,
// which VS Code derives from the input, dropdown and checkbox ones when a theme leaves them out.
const common = {
  'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  'font-size': '13px',
  'editor-font-family': '"Droid Sans Mono", "monospace", monospace',
  'editor-font-size': '14px',
};

const dark = {
  ...common,
  foreground: '#cccccc', descriptionForeground: '#9d9d9d', errorForeground: '#f85149',
  'editor-background': '#1f1f1f', 'editorWarning-foreground': '#cca700', focusBorder: '#0078d4',
  'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c',
  'inputValidation-errorBorder': '#be1100',
  'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c',
  'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-border': '#ffffff12',
  'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
  'textCodeBlock-background': '#2b2b2b', 'editorWidget-border': '#454545',
  'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700',
  'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-textInputBorder': '#3c3c3c',
  'settings-dropdownBackground': '#313131', 'settings-dropdownForeground': '#cccccc', 'settings-dropdownBorder': '#3c3c3c', 'settings-dropdownListBorder': '#454545',
  'settings-checkboxBackground': '#313131', 'settings-checkboxForeground': '#cccccc', 'settings-checkboxBorder': '#3c3c3c',
  'list-activeSelectionBackground': '#04395e', 'list-activeSelectionForeground': '#ffffff', 'list-hoverBackground': '#2a2d2e', 'list-focusOutline': '#0078d4',
  'inputValidation-errorBackground': '#5a1d1d', 'input-placeholderForeground': '#989898',
};

const light = {
  ...common,
  foreground: '#3b3b3b', descriptionForeground: '#3b3b3b', errorForeground: '#f85149',
  'editor-background': '#ffffff', 'editorWarning-foreground': '#bf8803', focusBorder: '#005fb8',
  'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece',
  'inputValidation-errorBorder': '#be1100',
  'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece',
  'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-border': '#0000001a',
  'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
  'textCodeBlock-background': '#dcdcdc66', 'editorWidget-border': '#c8c8c8',
  'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803',
  'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-textInputBorder': '#cecece',
  'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownBorder': '#cecece', 'settings-dropdownListBorder': '#c8c8c8',
  'settings-checkboxBackground': '#f8f8f8', 'settings-checkboxForeground': '#3b3b3b', 'settings-checkboxBorder': '#cecece',
  'list-activeSelectionBackground': '#e8e8e8', 'list-activeSelectionForeground': '#000000', 'list-hoverBackground': '#f2f2f2', 'list-focusOutline': '#005fb8',
  'inputValidation-errorBackground': '#f2dede', 'input-placeholderForeground': '#767676',
};

const highContrast = {
  ...common,
  foreground: '#ffffff', descriptionForeground: '#ffffffb3', errorForeground: '#f48771',
  'editor-background': '#000000', 'editorWarning-foreground': '#ffd370', focusBorder: '#f38518', contrastBorder: '#6fc3df',
  'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df',
  'inputValidation-errorBorder': '#f48771',
  'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
  'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df',
  'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
  'textCodeBlock-background': '#000000', 'editorWidget-border': '#6fc3df',
  'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-yellow': '#ffd370',
  'settings-textInputBackground': '#000000', 'settings-textInputForeground': '#ffffff', 'settings-textInputBorder': '#6fc3df',
  'settings-dropdownBackground': '#000000', 'settings-dropdownForeground': '#ffffff', 'settings-dropdownBorder': '#6fc3df', 'settings-dropdownListBorder': '#6fc3df',
  'settings-checkboxBackground': '#000000', 'settings-checkboxForeground': '#ffffff', 'settings-checkboxBorder': '#6fc3df',
  'list-focusOutline': '#f38518', 'inputValidation-errorBackground': '#000000', 'input-placeholderForeground': '#ffffffb3',
};

function css(vars: Readonly<Record<string, string>>): string {
  return `html {\n${Object.entries(vars).map(([name, value]) => `  --vscode-${name}: ${value};`).join('\n')}\n}`;
}

export const THEMES: Readonly<Record<string, string>> = {
  dark: css(dark),
  light: css(light),
  'high-contrast': css(highContrast),
};
