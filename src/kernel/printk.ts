// printk and the kernel log ring that dmesg reads. Each record carries the time since boot,
// formatted the way dmesg prints it: "[   12.345678] message".

export const KERN_EMERG = '<0>';
export const KERN_ALERT = '<1>';
export const KERN_CRIT = '<2>';
export const KERN_ERR = '<3>';
export const KERN_WARNING = '<4>';
export const KERN_NOTICE = '<5>';
export const KERN_INFO = '<6>';
export const KERN_DEBUG = '<7>';

export interface LogRecord {
  timeNs: number;
  level: number;
  text: string;
}

/** A bounded ring like the kernel's log buffer (CONFIG_LOG_BUF_SHIFT): old records fall off. */
export class KernelLog {
  private records: LogRecord[] = [];
  private listeners: Array<(r: LogRecord) => void> = [];

  constructor(private readonly capacity = 4096) {}

  add(timeNs: number, message: string): void {
    let level = 4; // default_message_loglevel
    let text = message;
    const m = /^<([0-7])>/.exec(text);
    if (m) {
      level = Number(m[1]);
      text = text.slice(3);
    }
    for (const line of text.replace(/\n$/, '').split('\n')) {
      const rec = { timeNs, level, text: line };
      this.records.push(rec);
      for (const l of this.listeners) l(rec);
    }
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
  }

  all(): readonly LogRecord[] {
    return this.records;
  }

  clear(): void {
    this.records = [];
  }

  /** Called for every new record (the extension's "dmesg" view follows the log this way). */
  onRecord(listener: (r: LogRecord) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** The whole log as dmesg prints it. */
  format(): string {
    return this.records.map(formatRecord).join('');
  }
}

export function formatRecord(r: LogRecord): string {
  const s = Math.floor(r.timeNs / 1e9);
  const us = Math.floor((r.timeNs % 1e9) / 1e3);
  return `[${String(s).padStart(5)}.${String(us).padStart(6, '0')}] ${r.text}\n`;
}
