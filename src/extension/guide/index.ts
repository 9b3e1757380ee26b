// Host of the lab guide webview panel.
//
//   const guide = registerGuide(context, log);          // once, in activate()
//   registerCommand(Command.openGuide, (stepId?: string) => guide.open(stepId));
//
// One panel at a time, opened beside the dashboard. The host owns the data: the guide's steps
// come from src/lab/guide.ts, the student's progress from globalState. The webview says
// `ready` (again after every hide/show, since the context is not retained) and gets a full
// `hydrate`; every message from it is validated, and actions are looked up by step id and index
// in the host's own copy of the guide, so the webview can never run an arbitrary command.
import * as vscode from 'vscode';
import { Command } from '../ids';
import {
  GUIDE_PROTOCOL_VERSION,
  parseGuideToHost,
  type GuideToHost,
  type HostToGuide,
} from '../../shared/guideProtocol';
import {
  findStep,
  flattenSteps,
  normalizeCompleted,
  resolveAction,
  sectionInfos,
  setStepCompleted,
  type LabAction,
} from '../../lab/guide';
import { actionCompletesStep } from '../../lab/guideAuto';
import { buildGuideHtml, guideWebviewOptions } from './html';
import { WebviewStartWatchdog } from '../webviewStartWatchdog';

export const GUIDE_VIEW_TYPE = 'kernelMemoryLab.guide';
const GUIDE_TITLE = 'Lab Guide';
/** globalState key of the completed step ids (a JSON array of strings). */
export const GUIDE_PROGRESS_KEY = 'kernelMemoryLab.guide.completed';

type GuideLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error' | 'debug'>;

/** What `registerGuide` returns; wire `kernelMemoryLab.openGuide` to `open`. */
export interface GuideHost {
  /** Opens (or reveals) the guide beside the active editor, scrolled to `stepId` if given. */
  open(stepId?: string): void;
  /** Completed step ids, in guide order. */
  completed(): string[];
  /** Marks a step done or not (e.g. from other parts of the extension). */
  setCompleted(stepId: string, done: boolean): Promise<void>;
}

export function registerGuide(context: vscode.ExtensionContext, log: GuideLog): GuideHost {
  let session: GuideSession | undefined;

  const progress = {
    get: (): string[] => normalizeCompleted(context.globalState.get<unknown>(GUIDE_PROGRESS_KEY, [])),
    set: async (stepId: string, done: boolean): Promise<string[]> => {
      const next = setStepCompleted(progress.get(), stepId, done);
      await context.globalState.update(GUIDE_PROGRESS_KEY, next);
      session?.post({ type: 'progress', completed: next });
      return next;
    },
  };

  const adopt = (panel: vscode.WebviewPanel, focusStepId?: string, replacementsSoFar = 0): GuideSession => {
    session?.dispose();
    // A panel whose document does not start is replaced by a new one in the same place.
    const replace = (column: vscode.ViewColumn, attempt: number, focus: string | undefined): void => {
      const next = vscode.window.createWebviewPanel(GUIDE_VIEW_TYPE, GUIDE_TITLE, { viewColumn: column, preserveFocus: true }, guideWebviewOptions(context.extensionUri));
      adopt(next, focus, attempt);
    };
    const s = new GuideSession(panel, context.extensionUri, log, progress, focusStepId, replace, replacementsSoFar);
    s.onDispose(() => {
      if (session === s) session = undefined;
    });
    session = s;
    return s;
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(GUIDE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        log.debug('guide: restoring panel after reload');
        adopt(panel);
      },
    }),
    { dispose: () => session?.dispose() },
  );

  return {
    open(stepId?: string): void {
      const focus = stepId !== undefined && findStep(stepId) ? stepId : undefined;
      if (stepId !== undefined && !focus) log.warn(`guide: no step "${stepId}"`);
      if (session) {
        session.reveal(focus);
        return;
      }
      const panel = vscode.window.createWebviewPanel(
        GUIDE_VIEW_TYPE,
        GUIDE_TITLE,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
        guideWebviewOptions(context.extensionUri),
      );
      adopt(panel, focus);
    },
    completed: () => progress.get(),
    setCompleted: async (stepId, done) => {
      await progress.set(stepId, done);
    },
  };
}

interface ProgressStore {
  get(): string[];
  set(stepId: string, done: boolean): Promise<string[]>;
}

class GuideSession {
  private readonly disposables: vscode.Disposable[] = [];
  /** A document that does not start is reloaded, then the panel replaced (see webviewStartWatchdog.ts). */
  private readonly startWatchdog: WebviewStartWatchdog;
  private readonly disposeListeners: (() => void)[] = [];
  /** True between the webview's `ready` and the panel being hidden (its context is then gone). */
  private ready = false;
  private disposed = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: GuideLog,
    private readonly progress: ProgressStore,
    private pendingFocus: string | undefined,
    replace: (column: vscode.ViewColumn, attempt: number, focus: string | undefined) => void,
    replacementsSoFar: number,
  ) {
    panel.webview.options = guideWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.startWatchdog = new WebviewStartWatchdog({
      name: 'Lab Guide',
      log,
      isVisible: () => panel.visible,
      reloadPage: () => {
        panel.webview.html = buildGuideHtml(panel.webview, extensionUri);
      },
      replacePanel: (attempt) => replace(panel.viewColumn ?? vscode.ViewColumn.Beside, attempt, this.pendingFocus),
      maxReloads: 2,
      replacementsSoFar,
    });
    panel.webview.html = buildGuideHtml(panel.webview, extensionUri);
    this.startWatchdog.arm();
    let wasVisible = panel.visible;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          this.ready = false;
          this.startWatchdog.hidden();
        } else if (!wasVisible) {
          this.startWatchdog.arm(); // the document reloads when shown again
        }
        wasVisible = panel.visible;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener);
  }

  reveal(focusStepId?: string): void {
    if (focusStepId) {
      if (this.ready && this.panel.visible) this.post({ type: 'focus', stepId: focusStepId });
      else this.pendingFocus = focusStepId;
    }
    this.panel.reveal(undefined, false);
  }

  post(msg: HostToGuide): void {
    if (this.disposed || !this.ready) return; // a hidden webview is re-hydrated when shown again
    void this.panel.webview.postMessage(msg);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseGuideToHost(raw);
    if (!msg) {
      this.log.warn(`guide: ignored a malformed message from the webview: ${safeJson(raw)}`);
      return;
    }
    await this.handle(msg);
  }

  private async handle(msg: GuideToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        if (msg.version !== GUIDE_PROTOCOL_VERSION) {
          this.log.warn(`guide: webview speaks protocol ${msg.version}, host ${GUIDE_PROTOCOL_VERSION}`);
        }
        this.ready = true;
        this.startWatchdog.started();
        this.hydrate();
        return;
      case 'setCompleted':
        if (!findStep(msg.stepId)) {
          this.log.warn(`guide: setCompleted for unknown step "${msg.stepId}"`);
          return;
        }
        await this.progress.set(msg.stepId, msg.done);
        return;
      case 'runAction': {
        const found = resolveAction(msg.stepId, msg.actionIndex);
        if (!found) {
          this.log.warn(`guide: no action ${msg.actionIndex} in step "${msg.stepId}"`);
          return;
        }
        await this.run(msg.stepId, msg.actionIndex, found.action);
        return;
      }
    }
  }

  private hydrate(): void {
    const focusStepId = this.pendingFocus;
    this.pendingFocus = undefined;
    this.post({
      type: 'hydrate',
      version: GUIDE_PROTOCOL_VERSION,
      sections: sectionInfos(),
      steps: flattenSteps(),
      completed: this.progress.get(),
      ...(focusStepId ? { focusStepId } : {}),
    });
  }

  private async run(stepId: string, actionIndex: number, action: LabAction): Promise<void> {
    const what = action.kind === 'shell' ? `"${action.line}"` : action.label;
    this.log.info(`guide: ${stepId} → ${action.kind === 'shell' ? `terminal ${what}` : `${action.command}`}`);
    try {
      if (action.kind === 'shell') {
        await vscode.commands.executeCommand(Command.openTerminal, { run: action.line });
      } else {
        await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
      }
      // The step's main command (not one of its checks) completes it.
      if (actionCompletesStep(stepId, actionIndex)) await this.progress.set(stepId, true);
      this.post({
        type: 'actionResult', stepId, actionIndex, ok: true,
        message: action.kind === 'shell' ? `Typed in the lab terminal: ${action.line}` : `Done: ${action.label}`,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.log.error(`guide: ${what} failed: ${reason}`);
      this.post({ type: 'actionResult', stepId, actionIndex, ok: false, message: `Could not run ${what}: ${reason}` });
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    this.startWatchdog.dispose();
    for (const l of this.disposeListeners.splice(0)) l();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function safeJson(x: unknown): string {
  try {
    const s = JSON.stringify(x);
    return s === undefined ? String(x) : s.length > 200 ? `${s.slice(0, 200)}…` : s;
  } catch {
    return '(unserializable)';
  }
}
