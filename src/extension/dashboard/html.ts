// The dashboard webview's HTML (the shared page shell of webviewPage.ts, plus data: images for
// the chart PNG export). Pure, so the screenshot harness and the bench load this very page.
import { webviewCsp, webviewPageHtml } from '../webviewPage';

export interface DashboardHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce (base64 or hex), one per HTML. */
  nonce: string;
  /** `asWebviewUri` of dist/webview/dashboard.js. */
  scriptUri: string;
  /** `asWebviewUri` of media/dashboard.css. */
  styleUri: string;
  title?: string;
}

export function dashboardCsp(cspSource: string, nonce: string): string {
  return webviewCsp(cspSource, nonce, true);
}

export function dashboardHtml(o: DashboardHtmlOptions): string {
  return webviewPageHtml({
    ...o,
    title: o.title ?? 'Kernel Memory Lab: Dashboard',
    rootId: 'app',
    loadingText: 'Loading the dashboard…',
    dataImages: true,
  });
}
