// GNU getopt_long for the simulated coreutils: the one argument loop of the commands that take
// GNU-style options. "--" ends the options, a lone "-" is an operand, operands and options may
// be mixed (GNU permutes them), "--long[=value]" may be abbreviated to an unambiguous prefix
// and "--long value" takes the next argument, short options cluster ("-abc") and a letter that
// takes a value takes the rest of the cluster or else the next argument. Pure: it only reads
// the argument list; the command prints the error with usageError (stream.ts).

/** One option as given: its letter (a long-only option has a letter of its own) and its value. */
export type GnuOption = [letter: string, value: string | undefined];

export interface GnuOptionSpec {
  /**
   * The short options, as getopt's optstring: every letter, followed by ':' when it takes a
   * value ("b:c:d:f:sn").
   */
  short: string;
  /** Long names and the letter each stands for, with ':' after it when it takes a value ({ fields: 'f:', complement: 'C' }). */
  long?: Readonly<Record<string, string>>;
  /** Long names must be spelled out in full: no abbreviations (the command took none). */
  exact?: boolean;
  /**
   * "--name=value" for a long option that takes no value is "unrecognized option
   * '--name=value'" (the "=" only ever begins a value); otherwise such a value is dropped.
   */
  strictEquals?: boolean;
  /**
   * Looks at each argument that would be an option first: it may be one option as a whole
   * (pkill -9, -KILL) or an operand (seq's negative numbers); undefined leaves it to the rules.
   */
  claim?(arg: string): GnuOption | 'operand' | undefined;
}

export interface GnuOptionError {
  kind: 'invalid' | 'unrecognized' | 'ambiguous' | 'missing';
  /** The short letter; for a long option the argument as given, or "--" and its full name when its value is missing. */
  option: string;
  /** getopt's words ("invalid option -- 'x'"), without the "prog: " and the "Try ..." that usageError adds. */
  message: string;
}

export interface GnuOptions {
  /** The options in the order given; with an error, those before it (GNU acts on each as getopt returns it). */
  options: GnuOption[];
  /** The operands in order: every non-option argument, and all after "--". */
  operands: string[];
  /** The first error; parsing stops there. */
  error?: GnuOptionError;
}

function optionError(kind: GnuOptionError['kind'], option: string): GnuOptionError {
  const message = {
    invalid: `invalid option -- '${option}'`,
    unrecognized: `unrecognized option '${option}'`,
    ambiguous: `option '${option}' is ambiguous`,
    missing: option.startsWith('--') ? `option '${option}' requires an argument` : `option requires an argument -- '${option}'`,
  }[kind];
  return { kind, option, message };
}

/** Parses `args` (argv without the program's name) by `spec`. */
export function parseGnuOptions(args: readonly string[], spec: GnuOptionSpec): GnuOptions {
  const res: GnuOptions = { options: [], operands: [] };
  // letter -> whether it takes a value
  const short = new Map<string, boolean>();
  for (let k = 0; k < spec.short.length; k++) {
    const takesValue = spec.short[k + 1] === ':';
    short.set(spec.short[k], takesValue);
    if (takesValue) k++;
  }
  const long = new Map(Object.entries(spec.long ?? {}));
  const fail = (kind: GnuOptionError['kind'], option: string): GnuOptions => ({ ...res, error: optionError(kind, option) });
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      res.operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      res.operands.push(a);
      continue;
    }
    const claimed = spec.claim?.(a);
    if (claimed === 'operand') {
      res.operands.push(a);
      continue;
    }
    if (claimed) {
      res.options.push(claimed);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      let names = [...long.keys()];
      if (eq >= 0 && spec.strictEquals) names = names.filter((n) => long.get(n)!.endsWith(':'));
      const hits = names.includes(name) ? [name] : spec.exact ? [] : names.filter((n) => n.startsWith(name));
      if (hits.length !== 1) return fail(hits.length > 1 ? 'ambiguous' : 'unrecognized', a);
      const letter = long.get(hits[0])!;
      if (!letter.endsWith(':')) {
        res.options.push([letter, undefined]);
        continue;
      }
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) return fail('missing', `--${hits[0]}`);
      res.options.push([letter.slice(0, -1), value]);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const takesValue = short.get(c);
      if (takesValue === undefined) return fail('invalid', c);
      if (!takesValue) {
        res.options.push([c, undefined]);
        continue;
      }
      const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
      if (value === undefined) return fail('missing', c);
      res.options.push([c, value]);
      break;
    }
  }
  return res;
}
