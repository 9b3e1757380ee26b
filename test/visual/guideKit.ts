// What test/visual/guide-screenshot.mjs needs from TypeScript sources, in one bundle: the guide's
// data, the theme table, VS Code's default webview styles and the contrast check.
export { flattenSteps, sectionInfos } from '../../src/lab/guide';
export { THEMES } from './themes';
export { WEBVIEW_DEFAULT_CSS } from './webviewDefaults';
export { contrastProblems } from './contrast';
