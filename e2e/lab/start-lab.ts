// Starts an SSH lab by hand and prints its inventory as JSON, then waits until Ctrl-C.
//   npx tsx e2e/lab/start-lab.ts [role ...]        (default roles: app db web backup)
// The output has everything needed to log in, e.g. ssh -i KEY -p PORT rblab@127.0.0.1.
import { startAgent, startLab } from './lab';

const roles = process.argv.slice(2);
const lab = await startLab({ roles: roles.length ? roles : ['app', 'db', 'web', 'backup'] });
const agent = await startAgent(lab);

const inventory = {
  dir: lab.dir,
  agentSocket: agent.socket,
  servers: lab.servers.map((s) => ({
    role: s.role,
    host: s.host,
    port: s.port,
    user: s.user,
    password: s.password,
    keyPath: s.keyPath,
    encryptedKeyPath: s.encryptedKeyPath,
    passphrase: s.passphrase,
    hostKeyFingerprint: s.hostKeyFingerprint,
    knownHostsLine: s.knownHostsLine().trim(),
  })),
};
console.log(JSON.stringify(inventory, null, 2));
console.error('Lab running; Ctrl-C to stop it.');

const stop = async () => {
  agent.stop();
  await lab.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
setInterval(() => {}, 1 << 30); // keep the process alive
