import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'

// A key per purpose, derived from the instance secret, so one purpose's key never serves another.
function purposeKey(secretKey: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secretKey).update(`spur:${purpose}`).digest()
}

/** Encrypts a small secret (a TOTP seed) with AES-256-GCM for storage in account data. */
export function seal(secretKey: Buffer, purpose: string, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', purposeKey(secretKey, purpose), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')
}

/** Decrypts what `seal` produced; undefined when it was tampered with or the key changed. */
export function unseal(secretKey: Buffer, purpose: string, sealed: string): string | undefined {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'))
  if (!iv || !tag || !body) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', purposeKey(secretKey, purpose), iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

/** A keyed hash for high-entropy one-time values (recovery codes). */
export function keyedHash(secretKey: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', purposeKey(secretKey, purpose)).update(value).digest('hex')
}
