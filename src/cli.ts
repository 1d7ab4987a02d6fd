/**
 * `slotflow start | gateway | worker | migrate | temporal` — one entry point, one code path per role.
 *
 *   start     everything in one process: embedded Temporal dev server (unless TEMPORAL_ADDRESS), the
 *             database (PGlite unless DATABASE_URL), migrations, worker and gateway.
 *   gateway   only the HTTP gateway (needs TEMPORAL_ADDRESS).
 *   worker    only the Temporal worker (needs TEMPORAL_ADDRESS).
 *   migrate   apply pending migrations and exit.
 *   temporal  find or install the Temporal CLI (`path`, `install`), or run the dev server alone (`server`).
 *   cluster   the production shape on this machine (`up`, `down`, `status`): src/cluster/cluster.ts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLinkSigner } from './use-cases/manage-links.ts';
import { ensureWebBuilt } from './web-bundle.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { acquireDataDirLock, DataDirLockedError } from './db/data-dir-lock.ts';
import { createLogger } from './logger.ts';
import { createLifecycle } from './roles/lifecycle.ts';
import { findOrInstallCli, openAndMigrate, pgliteDir, resolveTemporal } from './roles/services.ts';
import { messagingFromConfig } from './transports/transports-from-config.ts';
import { deriveSealKey, parseSealKey } from './calendar-connectors/credential-seal.ts';
import { resolveSecrets, secretsFile } from './secrets.ts';
import { ensurePrivateDir } from './private-files.ts';
import { installTemporalCli, TemporalCliUnavailableError } from './temporal/cli-provision.ts';
import { VERSION } from './version.ts';
import { buildClusterBinaries, clusterDown, clusterStatus, clusterUp, DEFAULT_PORTS, ensureNamespace } from './cluster/cluster.ts';

const HELP: Record<string, string> = {
  main: `slotflow ${VERSION} — appointment & booking automation on Temporal

Usage: slotflow <command> [options]

Commands:
  start      run everything in one process (dev server, database, worker, gateway)
  gateway    run only the HTTP gateway (needs TEMPORAL_ADDRESS)
  worker     run only the Temporal worker (needs TEMPORAL_ADDRESS)
  migrate    apply pending database migrations and exit
  temporal   find / install the Temporal CLI, or run the embedded dev server alone
  cluster    run the production shape here: Temporal server + UI, 2 gateways behind HAProxy, 2 workers

Run \`slotflow <command> --help\` for details. Configuration is read from the environment (see README).`,
  start: `Usage: slotflow start

Starts the whole product in one process:
  - the Temporal dev server (unless TEMPORAL_ADDRESS is set), state in DATA_DIR/temporal/temporal.db,
    Web UI on TEMPORAL_UI_PORT (default 8233, or a free port);
  - PGlite in DATA_DIR/pg (or PostgreSQL when DATABASE_URL is set), migrations applied;
  - the worker and the gateway on PORT (default 3000).
Ctrl-C / SIGTERM stops everything, the dev server included.`,
  gateway: `Usage: slotflow gateway

Runs the HTTP gateway on PORT against TEMPORAL_ADDRESS and the database (applies pending migrations).
Several gateways can run behind a load balancer when DATABASE_URL points at PostgreSQL and
ADMIN_API_KEY / LINK_SIGNING_SECRET are set explicitly.`,
  worker: `Usage: slotflow worker

Runs the Temporal worker (booking workflows and activities) on TEMPORAL_TASK_QUEUE against
TEMPORAL_ADDRESS and the database (applies pending migrations). Run as many as you need.`,
  migrate: `Usage: slotflow migrate

Applies pending SQL migrations from migrations/ to PGlite (DATA_DIR/pg) or DATABASE_URL and exits.
Safe to run twice and from several processes at once.`,
  temporal: `Usage: slotflow temporal <path|install|server|setup> [--dir DIR]

  path              print the Temporal CLI slotflow uses, installing it when none is found
  install [--dir]   install the CLI (SDK download, else \`go install\` v1.5.1) into DIR
                    (default DATA_DIR/bin) and print its path
  server            run only the embedded dev server (state in DATA_DIR/temporal) until Ctrl-C
  setup             on the server at TEMPORAL_ADDRESS: register TEMPORAL_NAMESPACE (a fresh server has
                    none) and slotflow's search attributes, waiting until the server sees them`,
  cluster: `Usage: slotflow cluster <up|down|status|build>

The production shape on this machine, without Docker, each process detached with its log in
DATA_DIR/cluster/logs:
  - Temporal server v1.31.2 and its Web UI v2.45.0, built once from their Go modules (Go >= 1.26.4) into
    ~/.cache/slotflow/bin, on PostgreSQL (databases temporal_cluster, temporal_cluster_visibility; schemas
    set up by temporal-sql-tool), config src/cluster/config/temporal-server.yaml;
  - two \`slotflow gateway\` and two \`slotflow worker\` on PostgreSQL (database slotflow_cluster),
    rate limits shared in Redis when REDIS_URL is set;
  - HAProxy (Debian package) in front of the gateways, health checks on /healthz.
PostgreSQL: CLUSTER_PG_HOST/PORT/USER/PASSWORD (default postgres@127.0.0.1:5432). Ports: CLUSTER_PORT
(HAProxy, default 8480; gateways +1, +2; Temporal UI +8), CLUSTER_TEMPORAL_PORT (default 17233).
  up       build what is missing, set up the databases, start everything, print the URLs
  build    only build the Go binaries (Temporal server, SQL tool, UI) into the cache
  down     stop every process of the cluster (databases are kept)
  status   list the processes and whether they run`,
};

async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { help: { type: 'boolean', short: 'h' }, dir: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP.main);
    return 0;
  }
  if (command === '--version' || command === 'version') {
    console.log(VERSION);
    return 0;
  }
  if (!(command in HELP) || command === 'main') {
    console.error(`Unknown command "${command}".\n\n${HELP.main}`);
    return 2;
  }
  if (values.help) {
    console.log(HELP[command]);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      return runServer(config, { gateway: true, worker: true, embedded: true });
    case 'gateway':
      return runServer(config, { gateway: true, worker: false, embedded: false });
    case 'worker':
      return runServer(config, { gateway: false, worker: true, embedded: false });
    case 'migrate':
      return runMigrate(config);
    case 'temporal':
      return runTemporal(config, positionals[0] ?? 'path', values.dir);
    case 'cluster':
      return runCluster(config, positionals[0] ?? 'status');
  }
  return 2;
}

async function runServer(config: Config, roles: { gateway: boolean; worker: boolean; embedded: boolean }): Promise<number> {
  const role = roles.gateway && roles.worker ? 'start' : roles.gateway ? 'gateway' : 'worker';
  const log = createLogger(config.logLevel, role);
  const life = createLifecycle(log);
  try {
    if (roles.embedded) {
      // `start` owns DATA_DIR (dev server state, secrets): a second start on it must fail before it
      // touches the first one's dev server.
      const lock = acquireDataDirLock(config.dataDir);
      life.onShutdown('data dir lock', async () => lock.release());
    }
    ensurePrivateDir(config.dataDir); // customer data, secrets, the dev server's history: this user only
    const secrets = resolveSecrets(config.dataDir, { adminApiKey: config.adminApiKey, linkSigningSecret: config.linkSigningSecret });
    const temporal = await resolveTemporal(config, log, life, { embedded: roles.embedded });
    const database = await openAndMigrate(config, log, life);
    const links = createLinkSigner(secrets.linkSigningSecret, config.publicBaseUrl ?? `http://${config.host}:${config.port}`);
    const calendar = {
      sealKey: config.calendar.encryptionKey ? parseSealKey(config.calendar.encryptionKey) : deriveSealKey(secrets.linkSigningSecret),
      allowPrivateNetworks: config.calendar.allowPrivateNetworks,
      google: config.calendar.google,
      microsoft: config.calendar.microsoft,
    };
    const replies = config.inboundEmail ? { inboundAddress: config.inboundEmail.address, secret: secrets.linkSigningSecret } : undefined;
    // One set of transports per process: the worker's messages and the gateway's test message share them.
    const messaging = messagingFromConfig(config.messaging, config.publicBaseUrl, replies);
    life.onShutdown('message transports', async () => messaging.transports.email?.close?.());
    if (roles.worker) {
      // Each role is imported only by a process that runs it: a worker does not load the gateway's modules
      // (Fastify, the MCP SDK, OpenAPI) — an idle worker held 302–309 MB instead of 348–351 (2026-12-05) —
      // nor a gateway the worker's.
      const { startWorkerRole } = await import('./roles/worker.role.ts');
      await startWorkerRole({ config, database, temporalAddress: temporal.address, log, life, links, messaging, calendar });
    }
    let gatewayUrl: string | undefined;
    if (roles.gateway) {
      // `start` builds the pages when their sources changed; a `gateway` serves the image's build.
      if (roles.embedded) await ensureWebBuilt({ log: (m) => log.info(m) });
      const temporalUiUrl = temporal.devServer?.uiUrl ?? config.temporal.uiUrl;
      const { startGateway } = await import('./roles/gateway.role.ts');
      gatewayUrl = (
        await startGateway({
          config,
          adminApiKey: secrets.adminApiKey,
          database,
          temporalAddress: temporal.address,
          log,
          life,
          links,
          calendar,
          temporalUiUrl,
          messaging,
        })
      ).url;
    }
    printBanner(config, {
      gatewayUrl,
      temporal,
      database: database.kind,
      generatedKey: secrets.generated.includes('ADMIN_API_KEY') ? secrets.adminApiKey : undefined,
    });
  } catch (err) {
    log.error({ err }, 'start-up failed');
    console.error(`\nslotflow could not start: ${explain(err)}`);
    await life.shutdown('start-up failed', 1);
  }
  return life.finished;
}

function printBanner(
  config: Config,
  s: { gatewayUrl: string | undefined; temporal: Awaited<ReturnType<typeof resolveTemporal>>; database: string; generatedKey: string | undefined },
): void {
  const lines = ['', `slotflow ${VERSION} is running`];
  if (s.gatewayUrl) {
    lines.push(`  gateway       ${s.gatewayUrl}   (API docs ${s.gatewayUrl}/docs, health ${s.gatewayUrl}/healthz)`);
    lines.push(`  booking page  ${s.gatewayUrl}/book   (embed: <script src="${s.gatewayUrl}/embed.js" data-service="…"></script>)`);
    lines.push(`  admin         ${s.gatewayUrl}/admin`);
  }
  const m = config.messaging;
  const emailOut = m.smtpUrl ? 'SMTP (SMTP_URL)' : m.sendgrid ? 'SendGrid' : undefined;
  lines.push(
    emailOut
      ? `  e-mail out    ${emailOut} from ${m.emailFrom ?? '?'}${m.twilio ? ', SMS by Twilio' : ''}`
      : '  e-mail out    OUTBOX ONLY: nothing is sent to customers (set SMTP_URL or SENDGRID_API_KEY and EMAIL_FROM; see /admin/outbox)',
  );
  const inbound = config.inboundEmail;
  if (s.gatewayUrl && inbound) {
    const ways = [
      inbound.smtp ? `SMTP ${inbound.smtp.host}:${inbound.smtp.port}` : '',
      inbound.webhookSecret ? `${s.gatewayUrl}/v1/channels/email/inbound` : '',
    ].filter(Boolean);
    lines.push(
      `  e-mail in     ${inbound.address}${ways.length > 0 ? ` (${ways.join(', ')})` : ' (no receiver: set INBOUND_SMTP_PORT or INBOUND_WEBHOOK_SECRET)'}`,
    );
  }
  lines.push(`  Temporal      ${s.temporal.address} (namespace ${config.temporal.namespace}${s.temporal.devServer ? ', embedded dev server' : ''})`);
  if (s.temporal.devServer?.uiUrl) lines.push(`  Temporal UI   ${s.temporal.devServer.uiUrl}`);
  lines.push(`  database      ${s.database === 'pglite' ? `PGlite in ${pgliteDir(config)}` : 'PostgreSQL (DATABASE_URL)'}`);
  if (s.gatewayUrl) {
    lines.push(config.adminApiKey ? '  admin key     ADMIN_API_KEY from the environment' : `  admin key     stored in ${secretsFile(config.dataDir)}`);
    // The key itself only on an interactive terminal: a service's stderr ends up in log stores.
    if (s.generatedKey && process.stderr.isTTY) lines.push(`                generated now — shown once: ${s.generatedKey}`);
    else if (s.generatedKey) lines.push('                generated now (read it from that file; it is not printed to a non-terminal)');
  }
  lines.push('  stop with Ctrl-C', '');
  console.error(lines.join('\n'));
}

async function runCluster(config: Config, action: string): Promise<number> {
  const dir = path.join(config.dataDir, 'cluster');
  const log = (line: string) => console.error(line);
  if (action === 'down') {
    const stopped = await clusterDown(dir, log);
    console.error(stopped.length > 0 ? `cluster stopped (${stopped.length} processes)` : 'no cluster process was running');
    return 0;
  }
  if (action === 'status') {
    const list = clusterStatus(dir);
    if (list.length === 0) console.error('no cluster (run `slotflow cluster up`)');
    for (const p of list) console.log(`${p.alive ? 'running' : 'stopped'}  ${p.name.padEnd(16)} pid ${String(p.pid).padEnd(8)} ${p.log}`);
    return list.length > 0 && list.every((p) => p.alive) ? 0 : 1;
  }
  if (action === 'build') {
    await buildClusterBinaries(path.join(config.temporal.cacheDir, 'bin'), log);
    return 0;
  }
  if (action !== 'up') {
    console.error(`Unknown action "${action}".\n\n${HELP.cluster}`);
    return 2;
  }
  const env = process.env;
  const lb = Number(env.CLUSTER_PORT ?? DEFAULT_PORTS.lb);
  const info = await clusterUp({
    dir,
    binDir: path.join(config.temporal.cacheDir, 'bin'),
    name: 'cluster',
    postgres: {
      host: env.CLUSTER_PG_HOST ?? '127.0.0.1',
      port: Number(env.CLUSTER_PG_PORT ?? 5432),
      user: env.CLUSTER_PG_USER ?? 'postgres',
      password: env.CLUSTER_PG_PASSWORD,
    },
    redisUrl: config.redisUrl,
    ports: { lb, gateways: [lb + 1, lb + 2], ui: lb + 8, temporal: Number(env.CLUSTER_TEMPORAL_PORT ?? DEFAULT_PORTS.temporal) },
    log,
  });
  console.error(
    [
      '',
      'slotflow cluster is up',
      `  slotflow (HAProxy)  ${info.url}   (booking page ${info.url}/book, admin ${info.url}/admin)`,
      `  Temporal UI         ${info.uiUrl ?? '-'}`,
      `  Temporal server     ${info.temporalAddress} (namespace default)`,
      `  database            ${info.databaseUrl}`,
      `  admin key           in ${path.join(dir, 'secrets.json')}`,
      `  logs                ${info.logs}`,
      `  rate limits         ${config.redisUrl ? 'shared in Redis (REDIS_URL)' : 'per gateway (set REDIS_URL to share them)'}`,
      '  stop with `npm run cluster:down`',
      '',
    ].join('\n'),
  );
  return 0;
}

async function runMigrate(config: Config): Promise<number> {
  const log = createLogger(config.logLevel, 'migrate');
  const database = await openAndMigrate(config, log);
  await database.close();
  return 0;
}

async function runTemporal(config: Config, sub: string, dir: string | undefined): Promise<number> {
  const log = createLogger(config.logLevel, 'temporal');
  const say = (line: string) => console.error(line);
  if (sub === 'path') {
    console.log(await findOrInstallCli(config, log));
    return 0;
  }
  if (sub === 'install') {
    const targetDir = path.resolve(dir ?? path.join(config.dataDir, 'bin'));
    console.log(await installTemporalCli({ targetDir, log: say, searchPath: config.temporal.searchPath }));
    return 0;
  }
  if (sub === 'server') {
    const life = createLifecycle(log);
    const t = await resolveTemporal({ ...config, temporal: { ...config.temporal, address: undefined } }, log, life, { embedded: true });
    say(`Temporal dev server at ${t.address}; Web UI ${t.devServer?.uiUrl ?? '(headless)'}. Ctrl-C stops it.`);
    return life.finished;
  }
  if (sub === 'setup') {
    if (!config.temporal.address) {
      say('temporal setup needs TEMPORAL_ADDRESS (the server to set up).');
      return 2;
    }
    await ensureNamespace(config.temporal.address, config.temporal.namespace, say);
    say(`namespace ${config.temporal.namespace} and slotflow's search attributes are in place on ${config.temporal.address}`);
    return 0;
  }
  console.error(`Unknown subcommand "temporal ${sub}".\n\n${HELP.temporal}`);
  return 2;
}

function explain(err: unknown): string {
  if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof TemporalCliUnavailableError) {
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    console.error(`slotflow: ${explain(err)}`);
    process.exit(1);
  },
);
