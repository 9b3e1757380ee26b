// Checks that a visible webview's document really starts (its script says `ready`) after the
// host set its HTML, and recovers when it does not. VS Code for the Web sometimes fails the
// resource loads of webviews restored together after a window reload (the script and style
// requests end with status 0), which leaves a blank panel; setting the HTML again usually loads,
// and when a frame stays broken, a new panel (a new frame) in the same place does. The dashboard
// and the guide both use it. No `vscode` import: the panel operations come in as callbacks, so
// the policy is unit-tested with Node's runner.

export interface StartWatchdogOptions {
  /** Names the panel in log lines ("Dashboard", "Lab Guide"). */
  name: string;
  log: { warn(message: string): void };
  /** Whether the panel is visible (a hidden webview has no document to wait for). */
  isVisible(): boolean;
  /** Sets the HTML again (a fresh nonce, so the document reloads). */
  reloadPage(): void;
  /** Disposes the panel and opens a new one in the same place; `attempt` counts from 1. */
  replacePanel(attempt: number): void;
  timeoutMs?: number;
  /** Page reloads before the panel is replaced (default 1). */
  maxReloads?: number;
  /** Panel replacements in a row before giving up (default 2). */
  maxReplacements?: number;
  /** For a panel that replaces another: the replacements made so far (it then starts at once with the next replacement, not with page reloads). */
  replacementsSoFar?: number;
  /** Injectable for tests. */
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const START_TIMEOUT_MS = 4000;

export class WebviewStartWatchdog {
  private timer: unknown = undefined;
  private reloads: number;
  private replacements: number;
  private disposed = false;
  private readonly timeoutMs: number;
  private readonly maxReloads: number;
  private readonly maxReplacements: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly o: StartWatchdogOptions) {
    this.timeoutMs = o.timeoutMs ?? START_TIMEOUT_MS;
    this.maxReloads = o.maxReloads ?? 1;
    this.maxReplacements = o.maxReplacements ?? 2;
    this.replacements = o.replacementsSoFar ?? 0;
    this.reloads = this.replacements > 0 ? this.maxReloads : 0;
    this.setTimer = o.setTimer ?? ((fn, ms) => {
      const t = setTimeout(fn, ms);
      (t as { unref?: () => void }).unref?.(); // never keeps the extension host alive
      return t;
    });
    this.clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** The HTML was just set, or the panel became visible again (its document reloads): wait for `ready`. */
  arm(): void {
    if (this.disposed) return;
    this.clearTimer(this.timer);
    this.timer = this.setTimer(() => this.expired(), this.timeoutMs);
  }

  /** The webview said `ready`. A later failure (after a hide and show) may reload the page again. */
  started(): void {
    this.clearTimer(this.timer);
    this.timer = undefined;
    this.reloads = 0;
  }

  /** The panel was hidden: its document is gone, nothing to wait for until it is shown. */
  hidden(): void {
    this.clearTimer(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private expired(): void {
    this.timer = undefined;
    if (this.disposed || !this.o.isVisible()) return;
    if (this.reloads < this.maxReloads) {
      this.reloads++;
      this.o.log.warn(`${this.o.name}: the webview did not start within ${this.timeoutMs} ms; reloading its page (${this.reloads}/${this.maxReloads})`);
      this.o.reloadPage();
      this.arm();
    } else if (this.replacements < this.maxReplacements) {
      const attempt = this.replacements + 1;
      this.o.log.warn(`${this.o.name}: the webview still did not start; replacing the panel (${attempt}/${this.maxReplacements})`);
      this.dispose();
      this.o.replacePanel(attempt);
    } else {
      this.o.log.warn(`${this.o.name}: the webview did not start; close the panel and open it again, or reload the window`);
    }
  }
}
