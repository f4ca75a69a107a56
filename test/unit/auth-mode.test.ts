import { describe, expect, it } from 'vitest';
import { callerRole, nextAuthMode, recheckSubscription } from '../../server/domains/auth/core/mode.js';

type R = 'VIEWER' | 'OPERATOR' | 'ADMIN';
const rank = (role: R) => ['VIEWER', 'OPERATOR', 'ADMIN'].indexOf(role);

describe('nextAuthMode', () => {
  it('turns auto on with the first token, on any address', () => {
    expect(nextAuthMode('auto', '127.0.0.1', 'open', 1)).toBe('tokens');
    expect(nextAuthMode('auto', '0.0.0.0', 'tokens', 3)).toBe('tokens');
  });

  it('reopens on loopback only when the last token goes', () => {
    expect(nextAuthMode('auto', '127.0.0.1', 'tokens', 0)).toBe('open');
    expect(nextAuthMode('auto', 'localhost', 'tokens', 0)).toBe('open');
    expect(nextAuthMode('auto', '0.0.0.0', 'tokens', 0)).toBe('tokens');
    expect(nextAuthMode('auto', '10.1.2.3', 'tokens', 0)).toBe('tokens');
  });

  it('never moves an explicit setting', () => {
    expect(nextAuthMode('tokens', '127.0.0.1', 'tokens', 0)).toBe('tokens');
    expect(nextAuthMode('open', '127.0.0.1', 'open', 4)).toBe('open');
  });
});

describe('callerRole', () => {
  it("gives a token's role in either mode; admin only to tokenless callers of an open server", () => {
    expect(callerRole<R>('open', true, 'VIEWER', 'ADMIN')).toBe('VIEWER');
    expect(callerRole<R>('tokens', true, 'OPERATOR', 'ADMIN')).toBe('OPERATOR');
    expect(callerRole<R>('open', false, null, 'ADMIN')).toBe('ADMIN');
    expect(callerRole<R>('open', true, null, 'ADMIN')).toBeNull();
    expect(callerRole<R>('tokens', false, null, 'ADMIN')).toBeNull();
  });
});

describe('recheckSubscription', () => {
  it('keeps tokenless subscriptions only while open', () => {
    expect(recheckSubscription<R>('open', { tokenId: null, role: 'ADMIN' }, null, rank)).toBe('keep');
    expect(recheckSubscription<R>('tokens', { tokenId: null, role: 'ADMIN' }, null, rank)).toBe(
      'unauthenticated',
    );
  });

  it('ends revoked or deleted tokens and lowered roles, in either mode', () => {
    const opened = { tokenId: 7, role: 'OPERATOR' as R };
    expect(recheckSubscription<R>('open', opened, { role: 'OPERATOR', revoked: true }, rank)).toBe(
      'unauthenticated',
    );
    expect(recheckSubscription<R>('tokens', opened, null, rank)).toBe('unauthenticated');
    expect(recheckSubscription<R>('tokens', opened, { role: 'VIEWER', revoked: false }, rank)).toBe(
      'forbidden',
    );
    expect(recheckSubscription<R>('tokens', opened, { role: 'ADMIN', revoked: false }, rank)).toBe('keep');
  });
});
