// A process that encrypts a plain station database the way a station's start does (encryptPlainDatabase),
// so tests/security/encrypted-database.test.ts can kill it with SIGKILL in the middle.
import { encryptPlainDatabase } from '../../src/db/open';

const [file, keyHex] = process.argv.slice(2);
if (!file || !keyHex) throw new Error('usage: encrypt-database <file> <key hex>');
process.stdout.write('start\n');
const done = encryptPlainDatabase(file, Buffer.from(keyHex, 'hex'));
process.stdout.write(`done ${JSON.stringify(done)}\n`);
