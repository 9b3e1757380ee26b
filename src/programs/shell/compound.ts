// Compound commands run by the shell itself: if, while/until, for, for ((;;)), case, { },
// (( )) and [[ ]], with bash's exit statuses and its break/continue counters (break 2 leaves two
// loops). `( )` is not here: it needs a process of its own, which the caller forks first.
import type { UserCode } from '../../kernel/uapi';
import type { Compound, List } from './ast';
import { ExitShell } from './exit';
import { escapeGlob, expandPattern, expandWords, expandWordToString, globToRegExp } from './expand';
import { NAME_RE } from './lexer';
import type { Shell } from './shell';
import { evaluateConditional } from './testExpr';

type Result = number | ExitShell;

export function* runCompound(sh: Shell, body: Compound): UserCode<Result> {
  switch (body.kind) {
    case 'group':
    case 'subshell':
      return yield* sh.runList(body.list);
    case 'if':
      return yield* runIf(sh, body);
    case 'loop':
      return yield* runLoop(sh, function* () {
        const r = yield* sh.runList(body.cond);
        if (r instanceof ExitShell) return r;
        return (sh.status === 0) !== body.until;
      }, body.body);
    case 'for':
      return yield* runFor(sh, body);
    case 'arithFor':
      return yield* runArithmeticFor(sh, body);
    case 'case':
      return yield* runCase(sh, body);
    case 'arith': {
      const v = yield* sh.arithmeticCommand(yield* expandWordToString(body.expr, sh.expandCtx()), '((');
      sh.status = v === undefined || v === 0n ? 1 : 0;
      return sh.status;
    }
    case 'cond':
      sh.status = yield* evaluateConditional(sh, body.expr);
      return sh.status;
  }
}

function* runIf(sh: Shell, body: Extract<Compound, { kind: 'if' }>): UserCode<Result> {
  for (const clause of body.clauses) {
    const r = yield* sh.runList(clause.cond);
    if (r instanceof ExitShell || sh.unwinding) return r;
    if (sh.status === 0) return yield* sh.runList(clause.then);
  }
  if (body.otherwise) return yield* sh.runList(body.otherwise);
  // no condition held and there is no else: status 0
  sh.status = 0;
  return 0;
}

/**
 * The loop machinery shared by while, until, for and for ((;;)): `next` says whether to run the
 * body again (and sets the loop variable); the status is that of the last body run, 0 if none.
 */
/**
 * A `break n` / `continue n` coming out of a command: this loop uses up one level. 'break' leaves
 * this loop (also for a continue meant for an outer loop), 'next' goes on with its next turn.
 */
function pendingJump(sh: Shell): 'break' | 'next' | undefined {
  if (sh.breaking > 0) {
    sh.breaking--;
    return 'break';
  }
  if (sh.continuing > 0) {
    sh.continuing--;
    return sh.continuing > 0 ? 'break' : 'next';
  }
  return undefined;
}

function* runLoop(sh: Shell, next: () => UserCode<boolean | ExitShell>, body: List): UserCode<Result> {
  let last = 0;
  sh.loopDepth++;
  try {
    for (;;) {
      // bash spends CPU on each iteration; the pause lets a ^C reach the shell's handler
      yield* sh.loopTick();
      const go = yield* next();
      if (go instanceof ExitShell) return go;
      const jump = pendingJump(sh);
      if (jump === 'break') break;
      if (jump === 'next') continue;
      if (sh.returning || !go) break;
      const r = yield* sh.runList(body);
      if (r instanceof ExitShell) return r;
      last = sh.status;
      if (pendingJump(sh) === 'break') break; // 'next' is the loop's own next turn
      if (sh.returning) break;
    }
  } finally {
    sh.loopDepth--;
  }
  if (!sh.returning) sh.status = last;
  return sh.status;
}

function* runFor(sh: Shell, body: Extract<Compound, { kind: 'for' }>): UserCode<Result> {
  if (!NAME_RE.test(body.name)) {
    yield* sh.errmsg(`\`${body.name}': not a valid identifier`);
    sh.status = 1;
    return 1;
  }
  const values = body.words ? yield* expandWords(body.words, sh.expandCtx()) : [...sh.positional];
  let i = 0;
  // eslint-disable-next-line require-yield
  return yield* runLoop(sh, function* () {
    if (i >= values.length) return false;
    sh.setVar(body.name, values[i++]);
    return true;
  }, body.body);
}

function* runArithmeticFor(sh: Shell, body: Extract<Compound, { kind: 'arithFor' }>): UserCode<Result> {
  const ctx = sh.expandCtx();
  const evaluate = function* (word: typeof body.init, empty: bigint): UserCode<bigint | undefined> {
    const text = yield* expandWordToString(word, ctx);
    if (text.trim() === '') return empty;
    return yield* sh.arithmeticCommand(text, '((');
  };
  if ((yield* evaluate(body.init, 0n)) === undefined) {
    sh.status = 1;
    return 1;
  }
  let first = true;
  let failed = false;
  const r = yield* runLoop(sh, function* () {
    if (!first && (yield* evaluate(body.step, 0n)) === undefined) {
      failed = true;
      return false;
    }
    first = false;
    const t = yield* evaluate(body.test, 1n);
    if (t === undefined) failed = true;
    return t !== undefined && t !== 0n;
  }, body.body);
  if (failed && !(r instanceof ExitShell)) sh.status = 1;
  return r instanceof ExitShell ? r : sh.status;
}

function* runCase(sh: Shell, body: Extract<Compound, { kind: 'case' }>): UserCode<Result> {
  const ctx = sh.expandCtx();
  const subject = yield* expandWordToString(body.word, ctx);
  sh.status = 0;
  let i = 0;
  let fallThrough = false;
  while (i < body.items.length) {
    const item = body.items[i];
    let matched = fallThrough;
    for (const p of item.patterns) {
      if (matched) break;
      matched = globToRegExp(yield* expandPattern(p, ctx, escapeGlob), false).test(subject);
    }
    i++;
    fallThrough = false;
    if (!matched) continue;
    sh.status = 0;
    const r = yield* sh.runList(item.body);
    if (r instanceof ExitShell || sh.unwinding) return r;
    // ;; ends the case; ;& runs the next body as well; ;;& goes on testing the next patterns
    if (item.terminator === ';;') break;
    if (item.terminator === ';&') fallThrough = true;
  }
  return sh.status;
}
