/**
 * The terminal's demo: the person at the terminal is a committee admin and the secretary of
 * "Chi bộ thử nghiệm", whose only chat is the terminal itself. Its records and queues live under
 * their own key prefix, so nothing of it reaches a real cell or chat.
 */
import { chatAddress, type AppConfig, type Logger } from '../../common/index.js';
import { CellNameTakenError, connectRedis, createOrgRegistry, keyPrefixFor, scanKeys, type Cell, type OrgRegistry } from '../../jobs/index.js';

/** The demo's key prefix: apart from the deployment's `pca:` keys. */
export const DEMO_KEY_PREFIX = 'pca-demo';

/** The demo cell's name. */
export const DEMO_CELL_NAME = 'Chi bộ thử nghiệm';

/** The terminal's chat id and user id on the `console` channel. */
export const TERMINAL_ID = 'terminal';

/** The person at the terminal, as the registry names people. */
export const TERMINAL_PERSON = chatAddress('console', TERMINAL_ID);

/** The terminal's chat: the demo cell's one chat. */
export const TERMINAL_CHAT = chatAddress('console', TERMINAL_ID);

/** How the person at the terminal is called (a notice names its sender). */
export const TERMINAL_USER_NAME = 'Người dùng thử';

/** The configuration the demo runs with: the person at the terminal is its one committee admin. */
export function demoConfig(config: AppConfig): AppConfig {
  return { ...config, adminIds: [TERMINAL_PERSON] };
}

/** The demo cell, bound to the terminal's chat with the terminal's person as its secretary; `created` on its first run. */
async function ensureDemoCell(registry: OrgRegistry): Promise<{ cell: Cell; created: boolean }> {
  let cell: Cell;
  let created = false;
  const found = await registry.lookupCell(DEMO_CELL_NAME);
  if (found.kind === 'found') cell = found.cell;
  else if (found.kind === 'ambiguous') cell = found.cells[0]!;
  else {
    try {
      cell = (await registry.createCell(DEMO_CELL_NAME, TERMINAL_PERSON)).cell;
      created = true;
      // The terminal's chat is bound below: the registration code is not needed.
      await registry.revokeCodes(cell.id);
    } catch (error) {
      // Another terminal created it meanwhile.
      if (!(error instanceof CellNameTakenError)) throw error;
      cell = error.existing;
    }
  }
  // Set each time: idempotent, and it mends a demo half removed by hand.
  await registry.bindChat(TERMINAL_CHAT, cell.id);
  await registry.setOfficer(cell.id, { person: TERMINAL_PERSON, role: 'secretary', name: TERMINAL_USER_NAME });
  return { cell, created };
}

/** Creates the demo cell on first run (idempotent) over a connection of its own; throws when Redis cannot be reached. */
export async function openDemoCell(redisUrl: string, prefix: string): Promise<{ cell: Cell; created: boolean }> {
  const redis = await connectRedis(redisUrl);
  try {
    return await ensureDemoCell(createOrgRegistry(redis, { prefix, admins: [TERMINAL_PERSON] }));
  } finally {
    redis.disconnect();
  }
}

/**
 * Deletes every record and queue of the demo (`npm start -- --reset-demo`), so that the next start
 * creates the demo cell afresh; returns how many keys went. Run it before the workers start.
 */
export async function resetDemo(redisUrl: string, logger: Logger, prefix = DEMO_KEY_PREFIX): Promise<number> {
  const redis = await connectRedis(redisUrl);
  try {
    let deleted = 0;
    for await (const keys of scanKeys(redis, `${keyPrefixFor(redis, prefix)}:*`)) deleted += await redis.del(...keys);
    logger.info({ prefix, keys: deleted }, 'Demo data deleted');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
