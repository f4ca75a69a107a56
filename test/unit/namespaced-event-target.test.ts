import { createPubSub } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import {
  databaseNamespace,
  namespacedEventTarget,
} from '../../server/kernel/events/namespaced-event-target.js';

describe('namespaced event target', () => {
  it('keeps two installations on one shared target apart, and delivers within one', async () => {
    const shared = new EventTarget();
    const a = createPubSub<{ progress: [string, number] }>({
      eventTarget: namespacedEventTarget(shared, databaseNamespace('postgresql://u:p@db:5432/one')),
    });
    const b = createPubSub<{ progress: [string, number] }>({
      eventTarget: namespacedEventTarget(shared, databaseNamespace('postgresql://u:p@db:5432/two')),
    });
    const onB = b.subscribe('progress', '1')[Symbol.asyncIterator]();
    const nextOnB = onB.next();
    a.publish('progress', '1', 111); // same topic and id, other database: must not arrive
    b.publish('progress', '1', 222);
    expect((await nextOnB).value).toBe(222);
    await onB.return?.();
  });

  it('names a database by host, port and name, never by its credentials', () => {
    expect(databaseNamespace('postgresql://user:secret@10.0.0.5:6543/compass')).toBe(
      'compass:10.0.0.5:6543/compass',
    );
    expect(databaseNamespace('postgresql://localhost/x')).toBe('compass:localhost:5432/x');
    expect(databaseNamespace('not a url')).toBe('compass');
  });
});
