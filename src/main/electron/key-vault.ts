// The desktop app's key vault: the same owner-only key files as the web host (src/main/core/data-keys.ts)
// — the ID-number and data keys and the sync credential (keys/<name>.sealed) — each sealed with the OS keychain through Electron safeStorage (DPAPI on Windows, the Secret Service or
// KWallet on Linux), so a copied data folder without the user's keychain gives no key. Without a keychain
// (safeStorage unavailable) the plain 0600 files are used, as the web host does.
import { safeStorage } from 'electron';
import { fileVault, type KeyVault } from '../core/data-keys';

export function electronKeyVault(dataDir: string): KeyVault {
  if (!safeStorage.isEncryptionAvailable()) return fileVault(dataDir);
  return fileVault(dataDir, {
    seal: {
      encrypt: (text) => safeStorage.encryptString(text),
      decrypt: (sealed) => safeStorage.decryptString(sealed),
      suffix: 'sealed',
    },
  });
}
