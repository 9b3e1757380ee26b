// Saving what the dashboard shows: PNG (rendered by the webview), CSV and the monitor's text
// format (written here from the data source, through src/lab/formats.ts).
import * as vscode from 'vscode';
import { formatCsv, formatMonitorData } from '../../lab/formats';
import type { ChartTab, ExportFormat, ExportResultMessage } from '../../shared/protocol';
import { sampleCount } from '../../shared/samples';
import type { DashboardDataSource, DashboardLog } from './dataSource';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes and checks a `data:image/png;base64,` URL (already shape-checked by the protocol). */
export function decodePngDataUrl(url: string): Uint8Array {
  const b64 = url.slice(url.indexOf(',') + 1);
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new Error('the image is not a PNG');
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The bytes and suggested file name for a data export. */
export function renderProfile(format: 'csv' | 'data', source: DashboardDataSource): { name: string; bytes: Uint8Array; count: number } {
  const { samples } = source.samples(0);
  const text = format === 'csv' ? formatCsv(samples, source.machine().hz) : formatMonitorData(samples);
  return {
    name: format === 'csv' ? 'profile.csv' : 'profile.data',
    bytes: new TextEncoder().encode(text),
    count: sampleCount(samples),
  };
}

function defaultUri(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, name) : undefined;
}

const PNG_NAMES: Record<ChartTab, string> = {
  overview: 'accumulated-faults.png',
  accumulated: 'accumulated-faults.png',
  rates: 'fault-rate.png',
  cpu: 'cpu-utilization.png',
  processes: 'processes.png',
  case2: 'case2-utilization.png',
};

const FILTERS: Record<ExportFormat, Record<string, string[]>> = {
  png: { 'PNG image': ['png'] },
  csv: { CSV: ['csv'] },
  data: { 'Profile data (monitor format)': ['data', 'txt'] },
};

/**
 * Asks where to save and writes the file. Never throws: the outcome is returned for the
 * webview's status line (and errors are logged).
 */
export async function saveExport(
  format: ExportFormat,
  source: DashboardDataSource,
  log: DashboardLog,
  png?: { dataUrl: string; chart?: ChartTab },
): Promise<ExportResultMessage> {
  try {
    let bytes: Uint8Array;
    let name: string;
    let what: string;
    if (format === 'png') {
      if (!png) throw new Error('no image was sent');
      bytes = decodePngDataUrl(png.dataUrl);
      name = PNG_NAMES[png.chart ?? 'overview'];
      what = 'chart';
    } else {
      const r = renderProfile(format, source);
      if (r.count === 0) return { type: 'exportResult', format, ok: false, detail: 'Nothing to export: no samples yet.' };
      bytes = r.bytes;
      name = r.name;
      what = `${r.count} samples`;
    }
    const uri = await vscode.window.showSaveDialog({ defaultUri: defaultUri(name), filters: FILTERS[format], saveLabel: 'Export' });
    if (!uri) return { type: 'exportResult', format, ok: false, detail: 'Export cancelled.' };
    await vscode.workspace.fs.writeFile(uri, bytes);
    const shown = vscode.workspace.asRelativePath(uri);
    log.info(`Dashboard: exported ${what} to ${uri.fsPath || uri.toString()}`);
    return { type: 'exportResult', format, ok: true, detail: `Saved ${what} to ${shown}.` };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    log.error(`Dashboard: ${format.toUpperCase()} export failed: ${msg}`);
    void vscode.window.showErrorMessage(`Export failed: ${msg}`);
    return { type: 'exportResult', format, ok: false, detail: `Export failed: ${msg}` };
  }
}
