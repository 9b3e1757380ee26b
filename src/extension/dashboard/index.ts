// The dashboard's entry point for the extension: registers the panel serializer (so an open
// dashboard comes back after a reload) and returns `open()` for the Open Dashboard command.
// See dataSource.ts for what to pass in.
import * as vscode from 'vscode';
import type { DashboardDataSource, DashboardLog } from './dataSource';
import { DASHBOARD_VIEW_TYPE, DashboardPanel, dashboardWebviewOptions } from './panel';

export { DASHBOARD_VIEW_TYPE, DashboardPanel } from './panel';
export type { DashboardChange, DashboardDataSource, DashboardLog, SampleSlice } from './dataSource';
export { saveExport, renderProfile } from './exporter';

export interface DashboardHandle extends vscode.Disposable {
  /** Opens the dashboard beside the editor, or reveals it. */
  open(): void;
  /** True while a dashboard panel exists. */
  readonly isOpen: boolean;
}

export function registerDashboard(context: vscode.ExtensionContext, source: DashboardDataSource, log: DashboardLog): DashboardHandle {
  const extensionUri = context.extensionUri;
  const serializer = vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      panel.webview.options = dashboardWebviewOptions(extensionUri);
      DashboardPanel.revive(panel, extensionUri, source, log, state);
    },
  });
  const handle: DashboardHandle = {
    open: () => {
      DashboardPanel.show(extensionUri, source, log);
    },
    get isOpen() {
      return DashboardPanel.instance !== undefined;
    },
    dispose: () => {
      serializer.dispose();
      DashboardPanel.instance?.dispose();
    },
  };
  context.subscriptions.push(handle);
  return handle;
}
