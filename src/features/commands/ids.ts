// Command ids are public: tests, keybindings and other extensions call them.
export const APPLY_TO_SELECTION = 'dropoutLens.applyToSelection';
export const APPLY_WITH_OPTIONS = 'dropoutLens.applyWithOptions';
export const REPLACE_SELECTION = 'dropoutLens.replaceSelection';
export const COPY_RESULT = 'dropoutLens.copyResult';
export const OPEN_PANEL = 'dropoutLens.openPanel';
