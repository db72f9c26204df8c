import { describe, expect, it } from 'vitest';
import { errors } from 'undici';
import { classifyTransportError } from '../../../src/main/webex/classify';

const withCode = (code: string): Error => Object.assign(new Error(`x ${code}`), { code });

describe('classifyTransportError', () => {
  it('connect-phase failures certainly were not processed and are worth retrying', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']) {
      expect(classifyTransportError(withCode(code)), code).toMatchObject({
        kind: 'network',
        notSent: true,
        transient: true,
      });
    }
    expect(classifyTransportError(new errors.ConnectTimeoutError())).toMatchObject({
      kind: 'timeout',
      notSent: true,
      transient: true,
    });
    const aggregate = Object.assign(new AggregateError([withCode('ECONNREFUSED')]), {});
    expect(classifyTransportError(aggregate)).toMatchObject({ notSent: true });
  });

  it('resets and response timeouts leave the outcome unknown', () => {
    expect(classifyTransportError(new errors.SocketError('other side closed'))).toMatchObject({
      kind: 'network',
      notSent: false,
      transient: true,
    });
    expect(classifyTransportError(withCode('ECONNRESET'))).toMatchObject({ notSent: false });
    expect(classifyTransportError(new errors.HeadersTimeoutError())).toMatchObject({
      kind: 'timeout',
      notSent: false,
      transient: true,
    });
    expect(classifyTransportError(new errors.BodyTimeoutError())).toMatchObject({ kind: 'timeout', notSent: false });
    expect(classifyTransportError(new Error('mystery'))).toMatchObject({ kind: 'network', notSent: false });
  });

  it('TLS failures are not retried; invalid arguments are internal', () => {
    expect(classifyTransportError(withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toMatchObject({
      notSent: true,
      transient: false,
    });
    expect(classifyTransportError(withCode('ERR_TLS_CERT_ALTNAME_INVALID'))).toMatchObject({
      notSent: true,
      transient: false,
    });
    expect(classifyTransportError(new errors.InvalidArgumentError('bad'))).toMatchObject({
      kind: 'internal',
      transient: false,
    });
  });
});
