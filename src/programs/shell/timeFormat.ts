// What the `time` reserved word prints: bash's print_formatted_time() over TIMEFORMAT
// (default "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS"; `time -p` uses the POSIX "real %2R" form).
// %[p][l]R|U|S: real, user or system seconds with p (0-3) decimals, `l` as 0m1.003s; %P the CPU
// percentage; %% a percent sign. A newline follows. Pure.

export const DEFAULT_TIMEFORMAT = '\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS';
export const POSIX_TIMEFORMAT = 'real %2R\nuser %2U\nsys %2S';

export interface Times {
  /** nanoseconds */
  real: number;
  user: number;
  sys: number;
}

/**
 * Seconds and milliseconds of a duration as bash's timeval_to_secs() rounds them: to the
 * microsecond (a timeval), then to the nearest millisecond.
 */
function secondsAndMillis(ns: number): [number, number] {
  const usec = Math.max(0, Math.floor(ns / 1000));
  let sec = Math.floor(usec / 1e6);
  const rest = usec % 1e6;
  let ms = Math.floor(rest / 1000) + (rest % 1000 >= 500 ? 1 : 0);
  if (ms >= 1000) {
    sec++;
    ms -= 1000;
  }
  return [sec, ms];
}

/** bash's mkfmt(): [Mm]S[.FFF][s], the fraction truncated to `prec` digits. */
function mkfmt(ns: number, prec: number, long: boolean): string {
  const [total, ms] = secondsAndMillis(ns);
  let out = '';
  let sec = total;
  if (long) {
    out += `${Math.floor(sec / 60)}m`;
    sec %= 60;
  }
  out += String(sec);
  if (prec > 0) out += `.${String(ms).padStart(3, '0').slice(0, prec)}`;
  if (long) out += 's';
  return out;
}

export function formatTimes(format: string, t: Times): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^%([0-9])?(l)?([RUSP%])/.exec(format.slice(i));
    if (!m) {
      out += c;
      continue;
    }
    i += m[0].length - 1;
    const prec = m[1] === undefined ? 3 : Math.min(3, Number(m[1]));
    const long = m[2] !== undefined;
    switch (m[3]) {
      case '%': out += '%'; break;
      case 'R': out += mkfmt(t.real, prec, long); break;
      case 'U': out += mkfmt(t.user, prec, long); break;
      case 'S': out += mkfmt(t.sys, prec, long); break;
      case 'P': {
        // (user + sys) / real as a percentage with two decimals
        const hundredths = t.real > 0 ? Math.floor(((t.user + t.sys) * 10000) / t.real) : 0;
        out += `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
        break;
      }
    }
  }
  return `${out}\n`;
}
