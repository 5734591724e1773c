import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/env";

/*
 * Field encryption for secrets we must keep (drchrono tokens): AES-256-GCM, a fresh 12-byte IV per value.
 * The ciphertext names the key that wrote it, so keys can rotate: the first configured key encrypts, every
 * configured key can decrypt. The additional authenticated data binds a value to its row and column, so a
 * ciphertext copied into another account's row (or from the refresh column into the access column) fails.
 */

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** Where a value lives: decrypting it anywhere else fails. */
export interface FieldBinding {
  accountId: string;
  field: string;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class VaultDecryptError extends Error {
  constructor(reason: string) {
    // Never include the ciphertext or anything derived from the secret in the message.
    super(`Cannot decrypt a vault value: ${reason}`);
    this.name = "VaultDecryptError";
  }
}

function additionalData({ accountId, field }: FieldBinding): Buffer {
  return Buffer.from(`birthday-greetings|${VERSION}|${accountId}|${field}`, "utf8");
}

function configuredKeys(): EncryptionKey[] {
  return getConfig().encryptionKeys;
}

/** The id of the key new values are written with. */
export function currentKeyId(keys: EncryptionKey[] = configuredKeys()): string {
  const first = keys[0];
  if (!first) throw new Error("No token encryption key is configured");
  return first.id;
}

export function encryptField(
  plaintext: string,
  binding: FieldBinding,
  keys: EncryptionKey[] = configuredKeys(),
): string {
  const key = keys[0];
  if (!key) throw new Error("No token encryption key is configured");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    key.id,
    iv.toString("base64url"),
    tag.toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

export function decryptField(
  sealed: string,
  binding: FieldBinding,
  keys: EncryptionKey[] = configuredKeys(),
): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new VaultDecryptError("unknown format");
  const [, keyId, ivText, tagText, ciphertextText] = parts as [string, string, string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new VaultDecryptError(`key "${keyId}" is not configured`);
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new VaultDecryptError("malformed value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(binding));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertextText, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new VaultDecryptError("authentication failed (tampered, wrong key or wrong row)");
  }
}
