// The `--vscode-*` variables VS Code gives a webview, for the themes we screenshot (values from
// the built-in Light Modern, Dark Modern and Dark High Contrast themes; only those the dashboard
// and its chart code read, plus the font variables every webview gets).

export interface WebviewTheme {
  name: 'light' | 'dark' | 'hc';
  bodyClass: 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast';
  themeId: string;
  vars: Record<string, string>;
}

const font = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
};

export const LIGHT_MODERN: WebviewTheme = {
  name: 'light',
  bodyClass: 'vscode-light',
  themeId: 'Default Light Modern',
  vars: {
    ...font,
    '--vscode-foreground': '#3b3b3b',
    '--vscode-descriptionForeground': '#3b3b3b',
    '--vscode-editor-background': '#ffffff',
    '--vscode-editorWidget-background': '#f8f8f8',
    '--vscode-panel-border': '#e5e5e5',
    '--vscode-widget-border': '#e5e5e5',
    '--vscode-focusBorder': '#005fb8',
    '--vscode-button-background': '#005fb8',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#0258a8',
    '--vscode-button-border': '#0000001a',
    '--vscode-button-secondaryBackground': '#e5e5e5',
    '--vscode-button-secondaryForeground': '#3b3b3b',
    '--vscode-button-secondaryHoverBackground': '#cccccc',
    '--vscode-badge-background': '#cccccc',
    '--vscode-badge-foreground': '#3b3b3b',
    '--vscode-errorForeground': '#f85149',
    '--vscode-editor-selectionBackground': '#add6ff',
    '--vscode-charts-foreground': '#616161',
    '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
    '--vscode-charts-red': '#e51400',
    '--vscode-charts-blue': '#1a85ff',
    '--vscode-charts-yellow': '#bf8803',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#388a34',
    '--vscode-charts-purple': '#652d90',
  },
};

export const DARK_MODERN: WebviewTheme = {
  name: 'dark',
  bodyClass: 'vscode-dark',
  themeId: 'Default Dark Modern',
  vars: {
    ...font,
    '--vscode-foreground': '#cccccc',
    '--vscode-descriptionForeground': '#9d9d9d',
    '--vscode-editor-background': '#1f1f1f',
    '--vscode-editorWidget-background': '#202020',
    '--vscode-panel-border': '#2b2b2b',
    '--vscode-widget-border': '#313131',
    '--vscode-focusBorder': '#0078d4',
    '--vscode-button-background': '#0078d4',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-hoverBackground': '#026ec1',
    '--vscode-button-border': '#ffffff12',
    '--vscode-button-secondaryBackground': '#313131',
    '--vscode-button-secondaryForeground': '#cccccc',
    '--vscode-button-secondaryHoverBackground': '#3c3c3c',
    '--vscode-badge-background': '#616161',
    '--vscode-badge-foreground': '#f8f8f8',
    '--vscode-errorForeground': '#f85149',
    '--vscode-editor-selectionBackground': '#264f78',
    '--vscode-charts-foreground': '#cccccc',
    '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
    '--vscode-charts-red': '#f14c4c',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-yellow': '#cca700',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
  },
};

export const HIGH_CONTRAST: WebviewTheme = {
  name: 'hc',
  bodyClass: 'vscode-high-contrast',
  themeId: 'Default High Contrast',
  vars: {
    ...font,
    '--vscode-foreground': '#ffffff',
    '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)',
    '--vscode-editor-background': '#000000',
    '--vscode-contrastBorder': '#6fc3df',
    '--vscode-contrastActiveBorder': '#f38518',
    '--vscode-focusBorder': '#f38518',
    '--vscode-button-background': '#000000',
    '--vscode-button-foreground': '#ffffff',
    '--vscode-button-border': '#6fc3df',
    '--vscode-button-secondaryForeground': '#ffffff',
    '--vscode-badge-background': '#000000',
    '--vscode-badge-foreground': '#ffffff',
    '--vscode-errorForeground': '#f48771',
    '--vscode-editor-selectionBackground': '#ffffff',
    '--vscode-charts-foreground': '#ffffff',
    '--vscode-charts-lines': '#ffffff',
    '--vscode-charts-red': '#f48771',
    '--vscode-charts-blue': '#3794ff',
    '--vscode-charts-yellow': '#ffd370',
    '--vscode-charts-orange': '#d18616',
    '--vscode-charts-green': '#89d185',
    '--vscode-charts-purple': '#b180d7',
  },
};

export const THEMES = [LIGHT_MODERN, DARK_MODERN, HIGH_CONTRAST];
