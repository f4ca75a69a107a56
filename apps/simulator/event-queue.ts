/**
 * A binary min-heap of timed events: the engine's single timer always waits for the earliest one.
 * Events due at the same time come out in the order they were pushed, so runs are reproducible.
 */
export interface TimedEvent<T> {
  at: number;
  value: T;
}

interface Entry<T> extends TimedEvent<T> {
  order: number;
}

export interface EventQueue<T> {
  readonly size: number;
  push(at: number, value: T): void;
  peek(): TimedEvent<T> | undefined;
  pop(): TimedEvent<T> | undefined;
  clear(): void;
}

export function createEventQueue<T>(): EventQueue<T> {
  const heap: Entry<T>[] = [];
  let pushed = 0;

  const before = (a: Entry<T>, b: Entry<T>): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);

  const swap = (i: number, j: number): void => {
    const a = heap[i] as Entry<T>;
    heap[i] = heap[j] as Entry<T>;
    heap[j] = a;
  };

  const siftUp = (start: number): void => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Entry<T>, heap[parent] as Entry<T>)) return;
      swap(i, parent);
      i = parent;
    }
  };

  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left] as Entry<T>, heap[smallest] as Entry<T>)) smallest = left;
      if (right < heap.length && before(heap[right] as Entry<T>, heap[smallest] as Entry<T>))
        smallest = right;
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  };

  return {
    get size() {
      return heap.length;
    },
    push(at, value) {
      heap.push({ at, value, order: pushed++ });
      siftUp(heap.length - 1);
    },
    peek() {
      return heap[0];
    },
    pop() {
      const top = heap[0];
      const last = heap.pop();
      if (top === undefined || last === undefined || heap.length === 0) return top;
      heap[0] = last;
      siftDown(0);
      return top;
    },
    clear() {
      heap.length = 0;
    },
  };
}
