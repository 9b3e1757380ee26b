// Mutexes and spinlocks (kernel/locking/). Kernel code in the simulation runs to completion
// between events, so a lock is never contended; what these check is lock discipline, the way
// lockdep does: recursive locking, unlocking a lock that is not held, and a lock still held
// when its owner returns to user space would hang or corrupt a real kernel, and are reported.

export class Mutex {
  owner: string | undefined = undefined;
  constructor(readonly name: string) {}
}

export class Spinlock {
  held = false;
  constructor(readonly name: string) {}
}

export class LockChecker {
  constructor(private readonly warn: (msg: string) => void) {}

  lock(m: Mutex, context: string): void {
    if (m.owner !== undefined) {
      this.warn(`<4>WARNING: possible recursive locking detected: ${context} is trying to acquire lock ${m.name} already held by ${m.owner}`);
      return;
    }
    m.owner = context;
  }

  unlock(m: Mutex): void {
    if (m.owner === undefined) {
      this.warn(`<4>DEBUG_LOCKS_WARN_ON(__owner_task(owner) != current): unlocking ${m.name}, which is not locked`);
      return;
    }
    m.owner = undefined;
  }

  spinLock(s: Spinlock): void {
    if (s.held) this.warn(`<0>BUG: spinlock recursion on ${s.name}`);
    s.held = true;
  }

  spinUnlock(s: Spinlock): void {
    if (!s.held) this.warn(`<0>BUG: spinlock already unlocked on ${s.name}`);
    s.held = false;
  }
}
