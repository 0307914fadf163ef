// Secrets that leadmaps must use later (not just compare), such as Salesforce credentials, are
// stored with AES-256-GCM under a key from LEADMAPS_ENCRYPTION_KEY. The stored text carries a
// version, the random IV and the authentication tag, so a wrong key or a tampered value fails loudly.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const formatVersion = 'v1';
const ivBytes = 12;

export class EncryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionError';
  }
}

/**
 * The configured text may be any string of 16+ characters; HKDF turns it into exactly 32 bytes.
 * A random key (`openssl rand -base64 32`) keeps the full 256-bit strength.
 */
function deriveKey(secret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'leadmaps secret storage v1', 32),
  );
}

/**
 * `context` is authenticated but not stored (e.g. "salesforce:project:7"): a ciphertext copied to
 * another row or project does not decrypt there.
 */
export function encryptSecret(plaintext: string, encryptionKey: string, context: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(encryptionKey), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    formatVersion,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    ciphertext.toString('base64'),
  ].join(':');
}

export function decryptSecret(stored: string, encryptionKey: string, context: string): string {
  const [version, iv, tag, ciphertext] = stored.split(':');
  if (version !== formatVersion || !iv || !tag || ciphertext === undefined) {
    throw new EncryptionError('The stored secret is not in a format this version of leadmaps can read.');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(encryptionKey), Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new EncryptionError(
      'The stored secret cannot be decrypted: LEADMAPS_ENCRYPTION_KEY differs from the key it was stored with.',
    );
  }
}
