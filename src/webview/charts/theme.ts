// Chart colours and fonts from VS Code's theme variables (`--vscode-*`, `--vscode-charts-*`),
// re-read whenever the body's theme class changes. The report page defines the same variables
// with Light Modern values, so one code path serves both.

export interface ChartTheme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  /** Secondary text (axis titles, notes). */
  muted: string;
  grid: string;
  background: string;
  fontFamily: string;
  fontSize: number;
  blue: string;
  red: string;
  green: string;
  orange: string;
  yellow: string;
  purple: string;
  /** The thrashing marker. */
  alert: string;
  /** High contrast: thicker lines, visible point markers, dashes to tell series apart. */
  highContrast: boolean;
  lineWidth: number;
  /** Honour prefers-reduced-motion (chart.js animations are off anyway; this also disables
   * hover effects that move things). */
  reducedMotion: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function themeKind(body: HTMLElement = document.body): ChartTheme['kind'] {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-dark')) return 'dark';
  return 'light';
}

export function readTheme(body: HTMLElement = document.body): ChartTheme {
  const kind = themeKind(body);
  const dark = kind === 'dark' || kind === 'high-contrast';
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  const s = getComputedStyle(body);
  const fg = cssVar(s, '--vscode-charts-foreground', cssVar(s, '--vscode-foreground', dark ? '#cccccc' : '#3b3b3b'));
  const fontSize = parseFloat(cssVar(s, '--vscode-font-size', '13px')) || 13;
  const reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  return {
    kind,
    foreground: fg,
    muted: cssVar(s, '--vscode-descriptionForeground', fg),
    grid: hc
      ? cssVar(s, '--vscode-contrastBorder', fg)
      : cssVar(s, '--vscode-charts-lines', dark ? 'rgba(204, 204, 204, 0.2)' : 'rgba(97, 97, 97, 0.2)'),
    background: cssVar(s, '--vscode-editor-background', dark ? '#1f1f1f' : '#ffffff'),
    fontFamily: cssVar(s, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Math.max(11, Math.min(fontSize, 18)),
    blue: cssVar(s, '--vscode-charts-blue', dark ? '#3794ff' : '#1a85ff'),
    red: cssVar(s, '--vscode-charts-red', dark ? '#f14c4c' : '#e51400'),
    green: cssVar(s, '--vscode-charts-green', dark ? '#89d185' : '#388a34'),
    orange: cssVar(s, '--vscode-charts-orange', '#d18616'),
    yellow: cssVar(s, '--vscode-charts-yellow', dark ? '#cca700' : '#bf8803'),
    purple: cssVar(s, '--vscode-charts-purple', dark ? '#b180d7' : '#652d90'),
    alert: cssVar(s, '--vscode-charts-red', cssVar(s, '--vscode-errorForeground', '#f14c4c')),
    highContrast: hc,
    lineWidth: hc ? 2.5 : 1.5,
    reducedMotion,
  };
}

/** Adds alpha to a #rgb / #rrggbb colour (for fills); other syntaxes are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  let hex = m[1];
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  const a = Math.round(Math.max(0, Math.min(1, alpha)) * 255).toString(16).padStart(2, '0');
  return `#${hex}${a}`;
}

/**
 * Calls `onChange` when the theme changes: VS Code swaps the body class (vscode-light /
 * vscode-dark / vscode-high-contrast) and the `--vscode-*` variables in the style attribute of
 * <html>; also the reduced-motion preference. Returns a disposer.
 */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  const mq = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  mq?.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    mq?.removeEventListener('change', onChange);
  };
}
