import ssh2 from 'ssh2';

/**
 * An ed25519 key pair (OpenSSH format) that ssh2 can read back. About 1 in 250 of the
 * keys ssh2 generates is malformed (a 31-byte public key: a leading zero byte dropped)
 * and its own parseKey rejects it, so a key is generated until one parses.
 */
export function generateEd25519(comment: string): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}
