import { describe, expect, it } from 'vitest';
import {
  datasetPathInside,
  DEFAULT_RUN_TARGET_POLICY,
  parseTargetList,
  runTargetProblem,
  targetEntryProblem,
} from '../../server/domains/loadtest/core/run-targets.js';

const open = DEFAULT_RUN_TARGET_POLICY;

describe('runTargetProblem', () => {
  it('allows loopback, private and cluster addresses by default', () => {
    expect(runTargetProblem('127.0.0.1', [], open)).toBeNull();
    expect(runTargetProblem('[::1]', [], open)).toBeNull();
    expect(runTargetProblem('vllm.compass.svc.cluster.local', ['10.96.0.12'], open)).toBeNull();
  });
  it('always denies link-local, metadata and unspecified addresses, however written', () => {
    for (const [host, addresses] of [
      ['169.254.169.254', []],
      ['[::ffff:169.254.169.254]', []],
      ['[fe80::1]', []],
      ['metadata.google.internal', []],
      ['0.0.0.0', []],
      ['innocent.example', ['169.254.10.1']],
    ] as const) {
      expect(runTargetProblem(host, addresses, open), host).toMatch(/link-local or metadata/);
    }
  });
  it('with an allow list, only matching hosts, suffixes, IPs and CIDRs pass', () => {
    const policy = { allow: ['*.svc.cluster.local', '10.0.0.0/8', 'gpu-box', '127.0.0.1'], deny: [] };
    expect(runTargetProblem('vllm.ns.svc.cluster.local', ['10.96.0.1'], policy)).toBeNull();
    expect(runTargetProblem('gpu-box', ['192.168.1.5'], policy)).toBeNull();
    expect(runTargetProblem('127.0.0.1', [], policy)).toBeNull();
    expect(runTargetProblem('10.1.2.3', [], policy)).toBeNull();
    expect(runTargetProblem('192.168.1.9', [], policy)).toBe(
      '192.168.1.9 is not in COMPASS_RUN_TARGETS_ALLOW',
    );
    expect(runTargetProblem('localhost', ['::1'], policy)).toMatch(/not in COMPASS_RUN_TARGETS_ALLOW/);
  });
  it('a deny entry wins over the allow list; every resolved address must pass', () => {
    const policy = { allow: ['10.0.0.0/8'], deny: ['10.0.0.5'] };
    expect(runTargetProblem('10.0.0.5', [], policy)).toMatch(/denied by COMPASS_RUN_TARGETS_DENY/);
    expect(runTargetProblem('two.example', ['10.0.0.1', '10.0.0.5'], policy)).toMatch(
      /\(10\.0\.0\.5\) is denied/,
    );
  });
});

describe('target lists', () => {
  it('parses comma-separated entries and names malformed ones', () => {
    expect(parseTargetList(' a.example, ,10.0.0.0/8 ')).toEqual(['a.example', '10.0.0.0/8']);
    expect(targetEntryProblem('10.0.0.0/33')).toMatch(/prefix length must be 0-32/);
    expect(targetEntryProblem('host/8')).toMatch(/needs an IP/);
    expect(targetEntryProblem('bad host')).toMatch(/not a host/);
    expect(targetEntryProblem('fd00::/8')).toBeNull();
  });
});

describe('datasetPathInside', () => {
  it('accepts files below the folder only', () => {
    expect(datasetPathInside('/data/sets', '/data/sets/a.jsonl')).toBe(true);
    expect(datasetPathInside('/data/sets', '/data/sets/sub/a.jsonl')).toBe(true);
    expect(datasetPathInside('/data/sets', '/data/sets')).toBe(false);
    expect(datasetPathInside('/data/sets', '/data/setsx/a.jsonl')).toBe(false);
    expect(datasetPathInside('/data/sets', '/etc/passwd')).toBe(false);
  });
});
