import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, EncryptionError } from './encryption';

const key = 'a-test-key-of-enough-length-0123456789';

describe('encryptSecret / decryptSecret', () => {
  it('round-trips and never stores the plaintext', () => {
    const stored = encryptSecret('{"refreshToken":"5Aep861"}', key, 'salesforce:project:1');
    expect(stored).not.toContain('5Aep861');
    expect(stored.startsWith('v1:')).toBe(true);
    expect(decryptSecret(stored, key, 'salesforce:project:1')).toBe('{"refreshToken":"5Aep861"}');
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same', key, 'c')).not.toBe(encryptSecret('same', key, 'c'));
  });

  it('refuses another key, another context or a tampered value', () => {
    const stored = encryptSecret('secret', key, 'salesforce:project:1');
    expect(() => decryptSecret(stored, 'another-key-of-enough-length', 'salesforce:project:1')).toThrow(
      EncryptionError,
    );
    expect(() => decryptSecret(stored, key, 'salesforce:project:2')).toThrow(EncryptionError);
    const parts = stored.split(':');
    const tampered = [...parts.slice(0, 3), Buffer.from('other').toString('base64')].join(':');
    expect(() => decryptSecret(tampered, key, 'salesforce:project:1')).toThrow(EncryptionError);
    expect(() => decryptSecret('plain text', key, 'salesforce:project:1')).toThrow(/format/);
  });
});
