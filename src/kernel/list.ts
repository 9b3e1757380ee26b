// include/linux/list.h: the circular doubly linked list with an embedded head. An entry is
// any object with a `list` ListHead; list_for_each_entry walks the owners.

export class ListHead<T = unknown> {
  next: ListHead<T> = this;
  prev: ListHead<T> = this;
  /** container_of(): the structure this node is embedded in (undefined for a list head). */
  constructor(readonly owner?: T) {}
}

export function INIT_LIST_HEAD(head: ListHead): void {
  head.next = head;
  head.prev = head;
}

function insert<T>(node: ListHead<T>, prev: ListHead<T>, next: ListHead<T>): void {
  next.prev = node;
  node.next = next;
  node.prev = prev;
  prev.next = node;
}

export function list_add<T>(node: ListHead<T>, head: ListHead<T>): void {
  insert(node, head, head.next);
}

export function list_add_tail<T>(node: ListHead<T>, head: ListHead<T>): void {
  insert(node, head.prev, head);
}

export function list_del<T>(node: ListHead<T>): void {
  node.prev.next = node.next;
  node.next.prev = node.prev;
  // LIST_POISON: using a deleted entry is a bug; make it loud.
  node.next = node.prev = node;
}

export function list_empty(head: ListHead): boolean {
  return head.next === head;
}

/** list_for_each_entry_safe(): iteration that survives list_del of the current entry. */
export function* list_for_each_entry_safe<T>(head: ListHead<T>): Generator<T> {
  for (let pos = head.next, n = pos.next; pos !== head; pos = n, n = pos.next) yield pos.owner as T;
}

export function list_count(head: ListHead): number {
  let n = 0;
  for (let pos = head.next; pos !== head; pos = pos.next) n++;
  return n;
}
