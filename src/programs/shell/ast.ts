// The shell's syntax tree, as the parser builds it and the executor walks it. Words keep their
// structure (quoting, $parameters, $(commands), $((arithmetic))) because expansion happens only
// when a command runs: in `false; echo $?` the value of $? is known only after `false`.

export type WordPart =
  /** literal text; `q` when it was quoted (not subject to field splitting or globbing) */
  | { t: 'lit'; s: string; q: boolean }
  /** $name, ${name}, $?, $$, $!, $#, $@, $0..$9; ${name[index]} for arrays (BASH_REMATCH) */
  | { t: 'var'; name: string; q: boolean; index?: string }
  /** $(list) or `list` */
  | { t: 'cmd'; list: List; q: boolean }
  /** $((expression)): the expression is itself expanded (parameters, command substitution) first */
  | { t: 'arith'; expr: Word; q: boolean }
  /** a leading unquoted ~ (HOME) */
  | { t: 'tilde' };

export type Word = WordPart[];

export type RedirOp = '<' | '>' | '>>' | '>|' | '>&' | '<&' | '&>' | '&>>';

export interface Redirect {
  /** the descriptor redirected (default 0 for < and <&, 1 for the others) */
  fd: number;
  op: RedirOp;
  target: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  type: 'simple';
  assigns: Assignment[];
  words: Word[];
  redirects: Redirect[];
  /** source text (what `jobs` and the job-status messages show) */
  text: string;
  /** line of the source text the command starts on, from 0 (for "bash: line N:" messages) */
  line: number;
}

/** if/while/until/for/case, { list; }, ( list ), (( arithmetic )), [[ conditional ]] */
export interface CompoundCommand {
  type: 'compound';
  body: Compound;
  /** redirections after the closing word apply to the whole command (`done > file`) */
  redirects: Redirect[];
  text: string;
  line: number;
}

/** `name () compound` or `function name compound`: defining it is the command. */
export interface FunctionDefinition {
  type: 'function';
  name: string;
  body: CompoundCommand;
  text: string;
  line: number;
}

export type Command = SimpleCommand | CompoundCommand | FunctionDefinition;

export type CaseTerminator = ';;' | ';&' | ';;&';

export interface CaseItem {
  patterns: Word[];
  body: List;
  /** ;; ends the case, ;& runs the next body too, ;;& tests the next patterns */
  terminator: CaseTerminator;
}

export type Compound =
  | { kind: 'group'; list: List }
  | { kind: 'subshell'; list: List }
  | { kind: 'if'; clauses: Array<{ cond: List; then: List }>; otherwise: List | undefined }
  | { kind: 'loop'; until: boolean; cond: List; body: List }
  | { kind: 'for'; name: string; words: Word[] | undefined; body: List }
  | { kind: 'arithFor'; init: Word; test: Word; step: Word; body: List }
  | { kind: 'case'; word: Word; items: CaseItem[] }
  | { kind: 'arith'; expr: Word }
  | { kind: 'cond'; expr: CondExpr };

/** The expression inside [[ ]]. Operands are words expanded without splitting or globbing. */
export type CondExpr =
  | { t: 'and' | 'or'; l: CondExpr; r: CondExpr }
  | { t: 'not'; e: CondExpr }
  | { t: 'unary'; op: string; arg: Word }
  | { t: 'binary'; op: string; l: Word; r: Word }
  /** a lone word: true when it expands to a non-empty string */
  | { t: 'word'; w: Word };

export interface Pipeline {
  /** `!` before the pipeline (an even number of them cancel out) */
  negate: boolean;
  /** the `time` reserved word before the pipeline (`-p`: POSIX output) */
  time?: { posix: boolean };
  /** empty only for `time` or `!` alone */
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: Array<{ op: '&&' | '||'; pipeline: Pipeline }>;
  background: boolean;
  /** the source text of the list item (what `jobs` shows), without the trailing `&` or `;` */
  text: string;
}

export type List = AndOr[];
