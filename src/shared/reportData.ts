// The data the report page embeds for its script (src/webview/report/main.ts), written by
// src/lab/report.ts as JSON in <script type="application/json" id="kmlab-report-data">.
import type { Case2Point } from './protocol';

export const REPORT_DATA_ID = 'kmlab-report-data';

export interface ReportData {
  hz: number;
  /** Case-study-1 runs, one chart each; samples interleaved as in shared/samples.ts. */
  runs: { id: string; name: string; canvasId: string; samples: number[] }[];
  case2: { canvasId: string; points: Case2Point[] } | null;
}
