// Structure checks for the production topology (docker-compose.yml), the image
// (Dockerfile) and its build context (.dockerignore). No Docker engine is needed:
// the files are parsed here, and compose's variable interpolation is reproduced
// so that the values a container would really get can be checked.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadConfig } from '../src/config.ts';
import { GO_TOOLS } from '../src/cluster/go-tools.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

// ---------------------------------------------------------------------------
// compose model

type Env = Record<string, string | undefined>;
type DependsOn = string[] | Record<string, { condition?: string; required?: boolean; restart?: boolean }>;
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: DependsOn;
  ports?: (string | number | { target?: number | string; published?: number | string; host_ip?: string })[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  init?: boolean;
  deploy?: { replicas?: number };
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// Every variable the compose file may read from the operator's environment.
// A `$name` that is not listed is almost always a shell variable in a `command:`
// script that lost its `$$` escape (compose would silently substitute '').
const KNOWN_VARIABLES = new Set([
  'POSTGRES_PASSWORD',
  'ADMIN_API_KEY',
  'LINK_SIGNING_SECRET',
  'PUBLIC_BASE_URL',
  'LOG_LEVEL',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_NAMESPACE_RETENTION',
  'GATEWAY_BIND_IP',
  'LB_BIND_IP',
]);
const REQUIRED_SECRETS = ['POSTGRES_PASSWORD', 'ADMIN_API_KEY', 'LINK_SIGNING_SECRET'] as const;
// What an operator exports (secrets long enough for src/config.ts).
const OPERATOR_ENV: Env = {
  POSTGRES_PASSWORD: 'pg0123456789abcdef0123456789abcdef',
  ADMIN_API_KEY: 'admin-0123456789abcdef0123456789',
  LINK_SIGNING_SECRET: 'link-0123456789abcdef0123456789abcdef0123',
  PUBLIC_BASE_URL: 'https://book.example.com',
};

class MissingVariableError extends Error {}

/** Compose's interpolation: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR?e}, ${VAR:+a}, ${VAR+a}. */
function interpolate(text: string, env: Env, seen: Set<string>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth += 1;
        else if (text[j] === '}') depth -= 1;
        j += 1;
      }
      if (depth !== 0) throw new Error(`unclosed \${ in ${JSON.stringify(text)}`);
      out += substitute(text.slice(i + 2, j - 1), env, seen);
      i = j;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))?.[0];
      if (name === undefined) throw new Error(`invalid interpolation at ${JSON.stringify(text.slice(i, i + 10))}`);
      seen.add(name);
      out += env[name] ?? '';
      i += 1 + name.length;
    }
  }
  return out;
}

function substitute(body: string, env: Env, seen: Set<string>): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)([\s\S]*))?$/.exec(body);
  if (!m) throw new Error(`invalid interpolation \${${body}}`);
  const name = m[1] ?? '';
  const op = m[2];
  const arg = m[3] ?? '';
  seen.add(name);
  const value = env[name];
  const isSet = value !== undefined;
  const nonEmpty = isSet && value !== '';
  switch (op) {
    case undefined:
      return value ?? '';
    case ':-':
      return nonEmpty ? value : interpolate(arg, env, seen);
    case '-':
      return isSet ? value : interpolate(arg, env, seen);
    case ':?':
      if (!nonEmpty) throw new MissingVariableError(`${name}: ${arg}`);
      return value;
    case '?':
      if (!isSet) throw new MissingVariableError(`${name}: ${arg}`);
      return value;
    case ':+':
      return nonEmpty ? interpolate(arg, env, seen) : '';
    default: // '+'
      return isSet ? interpolate(arg, env, seen) : '';
  }
}

/** Interpolates every string value (never keys), as compose does. */
function interpolateDeep<T>(value: T, env: Env, seen = new Set<string>()): T {
  if (typeof value === 'string') return interpolate(value, env, seen) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => interpolateDeep(v, env, seen)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = interpolateDeep(v, env, seen);
    return out as T;
  }
  return value;
}

const composeText = read('docker-compose.yml');
/** The file as written (`<<` merge keys resolved, `${...}` untouched). */
const raw = parse(composeText, { merge: true }) as Compose;
/** The file as compose would run it with the operator's secrets exported. */
const compose = interpolateDeep(raw, OPERATOR_ENV);
const services = compose.services;
const serviceNames = Object.keys(services ?? {});

function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

function envOf(s: Service): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(s.environment)) {
    for (const entry of s.environment) {
      const eq = entry.indexOf('=');
      out[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? '' : entry.slice(eq + 1);
    }
  } else if (s.environment) {
    for (const [k, v] of Object.entries(s.environment)) out[k] = v === null ? '' : String(v);
  }
  return out;
}

function dependsOn(s: Service): Record<string, string> {
  const d = s.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v.condition ?? 'service_started']));
}

function words(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.map(String) : v.trim().split(/\s+/);
}

interface PublishedPort {
  hostIp: string;
  published: number;
  target: number;
}
function portsOf(s: Service): PublishedPort[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return { hostIp: p.host_ip ?? '', published: Number(p.published), target: Number(p.target) };
    }
    const parts = String(p)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    const published = parts.length >= 2 ? Number(parts.at(-2)) : Number.NaN;
    const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(':') : '';
    return { hostIp, published, target };
  });
}

const usesSlotflowImage = (s: Service): boolean =>
  s.build !== undefined && (typeof s.build === 'string' || (s.build.dockerfile ?? 'Dockerfile') === 'Dockerfile');
const slotflowServices = serviceNames.filter((n) => usesSlotflowImage(service(n)));

// ---------------------------------------------------------------------------
// Dockerfile model

interface Instruction {
  keyword: string;
  args: string;
}
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (current === '' && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (current !== '' && trimmed.startsWith('#')) continue; // comment inside a continuation
    if (trimmed.endsWith('\\')) {
      current += `${trimmed.slice(0, -1)} `;
      continue;
    }
    logical.push(current + trimmed);
    current = '';
  }
  if (current.trim() !== '') logical.push(current.trim());
  return logical.map((l) => {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(l);
    return { keyword: (m?.[1] ?? '').toUpperCase(), args: (m?.[2] ?? '').trim() };
  });
}
/** Exec form (JSON array) of ENTRYPOINT / CMD / HEALTHCHECK CMD. */
function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) {
    throw new Error(`not an exec-form array: ${args}`);
  }
  return parsed as string[];
}

const dockerfilePath = join(root, 'Dockerfile');
const allStages = existsSync(dockerfilePath) ? parseDockerfile(readFileSync(dockerfilePath, 'utf8')) : [];
/** The final stage (what runs); earlier stages only build (the web pages). */
const dockerfile = allStages.slice(allStages.map((i) => i.keyword).lastIndexOf('FROM'));
const lastOf = (keyword: string): Instruction | undefined => dockerfile.filter((i) => i.keyword === keyword).at(-1);
const imageEntrypoint = ((): string[] => {
  const e = lastOf('ENTRYPOINT');
  return e ? execForm(e.args) : [];
})();
const imageCmd = ((): string[] => {
  const c = lastOf('CMD');
  return c ? execForm(c.args) : [];
})();

/** ENV the image sets (compose `environment:` overrides it). */
const imageEnv: Record<string, string> = Object.fromEntries(
  dockerfile
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => [...i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)])
    .map((m) => [m[1] ?? '', (m[2] ?? '').replace(/^"(.*)"$/, '$1')]),
);
/** The environment a slotflow container really starts with. */
const containerEnv = (s: Service): Record<string, string> => ({ ...imageEnv, ...envOf(s) });

/** The argv a slotflow container runs: compose entrypoint/command over the image's. */
function argvOf(s: Service): string[] {
  const entry = words(s.entrypoint);
  const cmd = words(s.command);
  if (entry !== undefined) return [...entry, ...(cmd ?? [])];
  return [...imageEntrypoint, ...(cmd ?? imageCmd)];
}
const CLI = ['node', '--import', 'tsx', 'src/cli.ts'];
const roleOf = (s: Service): string | undefined => {
  const argv = argvOf(s);
  return argv.slice(0, CLI.length).join(' ') === CLI.join(' ') ? argv[CLI.length] : undefined;
};
const servicesWithRole = (role: string): string[] => slotflowServices.filter((n) => roleOf(service(n)) === role);

/** The service running a binary (the Temporal image built from src/cluster/config/temporal.Dockerfile). */
const runs = (binary: string) => serviceNames.find((n) => (words(service(n).command) ?? [])[0] === binary);
const temporalServer = runs('temporal-server');
const postgresService = serviceNames.find((n) => /^postgres:/.test(service(n).image ?? ''));

// ---------------------------------------------------------------------------

describe('docker-compose.yml: general structure', () => {
  it('parses and defines services', () => {
    expect(serviceNames.length).toBeGreaterThan(0);
  });

  it('gives every service an image or a build', () => {
    for (const name of serviceNames) {
      const s = service(name);
      expect(s.image !== undefined || s.build !== undefined, `${name} has neither image nor build`).toBe(true);
    }
  });

  it('pins every pulled image to an explicit tag (no :latest, no bare name)', () => {
    for (const name of serviceNames) {
      const s = service(name);
      if (s.build !== undefined) continue; // built here, tagged locally
      const image = s.image ?? '';
      const tag = /:([^/:@]+)(@sha256:[0-9a-f]+)?$/.exec(image)?.[1];
      expect(tag, `${name}: ${image} has no tag`).toBeDefined();
      expect(['latest', 'stable', 'edge', 'nightly'], `${name}: ${image}`).not.toContain(tag);
    }
  });

  it('points every depends_on at a service that exists, with a valid condition', () => {
    const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];
    for (const name of serviceNames) {
      for (const [target, condition] of Object.entries(dependsOn(service(name)))) {
        expect(serviceNames, `${name} depends on missing ${target}`).toContain(target);
        expect(conditions, `${name} -> ${target}`).toContain(condition);
      }
    }
  });

  it('waits for health only on services that have a health check, and for completion only on one-shots', () => {
    for (const name of serviceNames) {
      for (const [target, condition] of Object.entries(dependsOn(service(name)))) {
        const t = service(target);
        if (condition === 'service_healthy') {
          const hasCheck =
            t.healthcheck?.disable !== true && (t.healthcheck?.test !== undefined || (usesSlotflowImage(t) && lastOf('HEALTHCHECK') !== undefined));
          expect(hasCheck, `${name} waits for ${target} to be healthy, but it has no health check`).toBe(true);
        }
        if (condition === 'service_completed_successfully') {
          expect(t.restart === undefined || t.restart === 'no', `${name} waits for ${target} to complete, but ${target} restarts (${t.restart})`).toBe(true);
        }
      }
    }
  });

  it('has no dependency cycle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      expect(state.get(name), `cycle: ${[...path, name].join(' -> ')}`).not.toBe('visiting');
      state.set(name, 'visiting');
      for (const target of Object.keys(dependsOn(service(name)))) visit(target, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of serviceNames) visit(name, []);
  });

  it('reads only known variables from the environment (shell `$` in scripts is escaped as `$$`)', () => {
    const seen = new Set<string>();
    interpolateDeep(raw, OPERATOR_ENV, seen);
    expect([...seen].filter((v) => !KNOWN_VARIABLES.has(v))).toEqual([]);
  });

  it('publishes no host port twice', () => {
    const taken = new Map<string, string>();
    for (const name of serviceNames) {
      for (const p of portsOf(service(name))) {
        if (Number.isNaN(p.published)) continue;
        const key = `${p.hostIp || '0.0.0.0'}:${p.published}`;
        expect(taken.get(key), `${name} and ${taken.get(key)} both publish ${key}`).toBeUndefined();
        taken.set(key, name);
      }
    }
  });
});

describe('docker-compose.yml: secrets are required, never generated', () => {
  it('interpolates cleanly once the operator exports the secrets', () => {
    expect(() => interpolateDeep(raw, OPERATOR_ENV)).not.toThrow();
  });

  for (const secret of REQUIRED_SECRETS) {
    it(`refuses to run without ${secret}`, () => {
      const env = { ...OPERATOR_ENV, [secret]: undefined };
      expect(() => interpolateDeep(raw, env)).toThrow(MissingVariableError);
      expect(() => interpolateDeep(raw, { ...OPERATOR_ENV, [secret]: '' })).toThrow(MissingVariableError);
    });
  }

  it('hands every slotflow container the same secrets, straight from the operator', () => {
    for (const name of slotflowServices) {
      const env = envOf(service(name));
      expect(env.ADMIN_API_KEY, name).toBe(OPERATOR_ENV.ADMIN_API_KEY);
      expect(env.LINK_SIGNING_SECRET, name).toBe(OPERATOR_ENV.LINK_SIGNING_SECRET);
      expect(env.PUBLIC_BASE_URL, name).toBe(OPERATOR_ENV.PUBLIC_BASE_URL);
    }
  });
});

describe('docker-compose.yml: PostgreSQL', () => {
  it('runs PostgreSQL 15', () => {
    expect(postgresService).toBeDefined();
    expect(service(postgresService ?? '').image).toMatch(/^postgres:15([.-]|$)/);
  });

  it('keeps its data in a named volume', () => {
    const pg = service(postgresService ?? '');
    const mounts = (pg.volumes ?? []).map((v) =>
      typeof v === 'string' ? { source: v.split(':')[0] ?? '', target: v.split(':')[1] ?? '' } : { source: v.source ?? '', target: v.target ?? '' },
    );
    const data = mounts.find((m) => m.target === '/var/lib/postgresql/data');
    expect(data, 'no volume on /var/lib/postgresql/data').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data?.source);
  });

  it('has a pg_isready health check', () => {
    const test = service(postgresService ?? '').healthcheck?.test;
    expect([test ?? []].flat().join(' ')).toContain('pg_isready');
  });
});

describe('docker-compose.yml: Temporal', () => {
  const imageBuilder = serviceNames.find((n) => {
    const b = service(n).build;
    return typeof b === 'object' && b.dockerfile === 'src/cluster/config/temporal.Dockerfile';
  });

  it('runs the Temporal server built from its Go module at the version `slotflow cluster` runs', () => {
    expect(temporalServer).toBeDefined();
    expect(imageBuilder, 'no service builds src/cluster/config/temporal.Dockerfile').toBeDefined();
    expect(service(temporalServer ?? '').image).toBe(service(imageBuilder ?? '').image);
    expect(service(temporalServer ?? '').image).toBe(`slotflow-temporal:${GO_TOOLS.server.version}`);
    expect(words(service(temporalServer ?? '').command)).toEqual([
      'temporal-server',
      '--config-file',
      '/etc/slotflow/temporal/temporal-server.yaml',
      '--allow-no-auth',
      'start',
    ]);
  });

  it('persists to the compose PostgreSQL with the postgres12 plugin (the cluster config file)', () => {
    const s = service(temporalServer ?? '');
    const env = envOf(s);
    expect(read('src/cluster/config/temporal-server.yaml')).toContain('pluginName: "postgres12"');
    expect(env.TEMPORAL_DB_HOST).toBe(postgresService);
    expect(env.TEMPORAL_DB_USER).toBe(envOf(service(postgresService ?? '')).POSTGRES_USER);
    expect(env.TEMPORAL_DB_PASSWORD).toBe(OPERATOR_ENV.POSTGRES_PASSWORD);
    expect(s.healthcheck?.test, 'temporal needs a health check: slotflow waits for it').toBeDefined();
  });

  it('starts only after a one-shot has set up both Temporal schemas in PostgreSQL', () => {
    const setups = Object.entries(dependsOn(service(temporalServer ?? '')))
      .filter(([, c]) => c === 'service_completed_successfully')
      .map(([n]) => n);
    const script = setups.map((n) => [...(words(service(n).entrypoint) ?? []), ...(words(service(n).command) ?? [])].join(' ')).join('\n');
    expect(script).toContain('temporal-sql-tool');
    expect(script).toContain('postgres12');
    expect(script).toContain('temporal:postgresql/v12/temporal');
    expect(script).toContain('temporal_visibility:postgresql/v12/visibility');
    expect(script).toMatch(/update-schema --schema-name/);
  });

  it("registers the namespace and slotflow's search attributes with slotflow's own code (`slotflow temporal setup`)", () => {
    const setup = slotflowServices.find((n) => argvOf(service(n)).slice(CLI.length).join(' ') === 'temporal setup');
    expect(setup, 'no service runs `slotflow temporal setup`').toBeDefined();
    const s = service(setup ?? '');
    expect(dependsOn(s)[temporalServer ?? '']).toBe('service_healthy');
    expect(s.restart).toBe('no');
    expect(envOf(s).TEMPORAL_NAMESPACE).toBe(envOf(service(servicesWithRole('worker')[0] ?? '')).TEMPORAL_NAMESPACE);
    for (const name of [...servicesWithRole('gateway'), ...servicesWithRole('worker')]) {
      expect(dependsOn(service(name))[setup ?? ''], name).toBe('service_completed_successfully');
    }
  });

  it('serves the Temporal UI (the same image and config) on port 8080 against the server', () => {
    const ui = runs('temporal-ui-server');
    expect(ui).toBeDefined();
    const s = service(ui ?? '');
    expect(s.image).toBe(service(temporalServer ?? '').image);
    expect(words(s.command)).toEqual(expect.arrayContaining(['--config', 'ui', '--env', 'production']));
    expect(portsOf(s).map((p) => p.target)).toContain(8080);
    expect(envOf(s).TEMPORAL_ADDRESS).toBe(`${temporalServer}:7233`);
  });
});

describe('docker-compose.yml: slotflow roles', () => {
  const gateways = servicesWithRole('gateway');
  const workers = servicesWithRole('worker');
  const migrations = servicesWithRole('migrate');

  it("builds slotflow from this repository's Dockerfile", () => {
    expect(slotflowServices.length).toBeGreaterThan(0);
    for (const name of slotflowServices) {
      const b = service(name).build;
      const context = typeof b === 'string' ? b : (b?.context ?? '.');
      const file = typeof b === 'string' ? 'Dockerfile' : (b?.dockerfile ?? 'Dockerfile');
      expect(context, name).toBe('.');
      expect(existsSync(join(root, context, file)), `${name}: ${file} missing`).toBe(true);
    }
  });

  it('runs two gateways, a worker and a one-shot migrate through the cli', () => {
    const replicas = gateways.reduce((sum, n) => sum + (service(n).deploy?.replicas ?? 1), 0);
    expect(replicas).toBeGreaterThanOrEqual(2);
    expect(workers.length).toBeGreaterThanOrEqual(1);
    expect(migrations).toHaveLength(1);
    expect(service(migrations[0] ?? '').restart ?? 'no').toBe('no');
    for (const name of [...gateways, ...workers, ...migrations]) {
      expect(argvOf(service(name)).slice(0, CLI.length), name).toEqual(CLI);
    }
  });

  it('connects gateways and workers to the compose Temporal server and PostgreSQL', () => {
    const pgEnv = envOf(service(postgresService ?? ''));
    for (const name of [...gateways, ...workers, ...migrations]) {
      const env = envOf(service(name));
      expect(env.DATABASE_URL, `${name}: DATABASE_URL`).toBeDefined();
      const url = new URL(env.DATABASE_URL ?? '');
      expect(url.protocol, name).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname, name).toBe(postgresService);
      expect(url.pathname, name).toBe(`/${pgEnv.POSTGRES_DB}`);
      expect(decodeURIComponent(url.username), name).toBe(pgEnv.POSTGRES_USER);
      expect(decodeURIComponent(url.password), name).toBe(OPERATOR_ENV.POSTGRES_PASSWORD);
      if (name !== migrations[0]) {
        expect(env.TEMPORAL_ADDRESS, `${name}: TEMPORAL_ADDRESS`).toBe(`${temporalServer}:7233`);
      }
    }
  });

  it('hands every slotflow container an environment that src/config.ts accepts', () => {
    for (const name of slotflowServices) {
      const s = service(name);
      const config = loadConfig(containerEnv(s), '/app');
      expect(config.databaseUrl, name).toBe(envOf(s).DATABASE_URL);
      expect(config.temporal.address, name).toBe(`${temporalServer}:7233`);
      expect(config.adminApiKey, name).toBe(OPERATOR_ENV.ADMIN_API_KEY);
      expect(config.linkSigningSecret, name).toBe(OPERATOR_ENV.LINK_SIGNING_SECRET);
      expect(config.publicBaseUrl, name).toBe(OPERATOR_ENV.PUBLIC_BASE_URL);
      expect(config.dataDir, name).toBe('/app/data');
    }
  });

  it('makes gateways listen on every interface of their container', () => {
    for (const name of gateways) {
      expect(['0.0.0.0', '::'], name).toContain(loadConfig(containerEnv(service(name)), '/app').host);
    }
  });

  it('starts gateways and workers after migrations and a healthy Temporal', () => {
    for (const name of [...gateways, ...workers]) {
      const deps = dependsOn(service(name));
      expect(deps[migrations[0] ?? ''], name).toBe('service_completed_successfully');
      expect(deps[temporalServer ?? ''], name).toBe('service_healthy');
      expect(deps[postgresService ?? ''], name).toBe('service_healthy');
    }
    expect(dependsOn(service(migrations[0] ?? ''))[postgresService ?? '']).toBe('service_healthy');
  });

  it("puts HAProxy (the cluster's haproxy.cfg) in front of every gateway, and publishes only HAProxy", () => {
    const lb = serviceNames.find((n) => (service(n).image ?? '').startsWith('haproxy:'));
    expect(lb).toBeDefined();
    const s = service(lb ?? '');
    const mounts = (s.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    expect(mounts).toContain('./src/cluster/config/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const env = envOf(s);
    const backends = Object.entries(env)
      .filter(([k]) => k.startsWith('SLOTFLOW_GATEWAY_'))
      .map(([, v]) => v)
      .sort();
    expect(backends).toEqual(gateways.map((g) => `${g}:${containerEnv(service(g)).PORT ?? 3000}`).sort());
    expect(read('src/cluster/config/haproxy.cfg').match(/\$\{SLOTFLOW_GATEWAY_\d\}/g)).toHaveLength(gateways.length);
    expect(portsOf(s).map((p) => p.target)).toContain(Number((env.SLOTFLOW_LB_BIND ?? '').split(':')[1]));
    for (const name of gateways) expect(portsOf(service(name)), name).toEqual([]);
    expect(containerEnv(service(gateways[0] ?? '')).TRUST_PROXY).toBe('1');
  });

  it('keeps the /healthz check for gateways only, and forwards signals with an init process', () => {
    for (const name of slotflowServices) {
      const s = service(name);
      expect(s.init, `${name}: init`).toBe(true);
      const disabled = s.healthcheck?.disable === true;
      expect(disabled, `${name} (${roleOf(s)}): health check ${disabled ? 'disabled' : 'on'}`).toBe(roleOf(s) !== 'gateway');
    }
  });
});

describe('Dockerfile', () => {
  it('exists', () => {
    expect(existsSync(dockerfilePath)).toBe(true);
  });

  it('builds on node:24-bookworm-slim (Node 24 LTS, what CI runs)', () => {
    expect(dockerfile.filter((i) => i.keyword === 'FROM').map((i) => i.args)).toEqual(['node:24-bookworm-slim']);
    for (const from of allStages.filter((i) => i.keyword === 'FROM')) expect(from.args).toMatch(/^node:24-bookworm-slim\b/);
  });

  it('builds the web pages in a stage of their own and copies only web/dist into the image', () => {
    const build = allStages.findIndex((i) => i.keyword === 'RUN' && /npm run build:web/.test(i.args));
    expect(build).toBeGreaterThanOrEqual(0);
    expect(build).toBeLessThan(allStages.length - dockerfile.length);
    expect(dockerfile.some((i) => i.keyword === 'COPY' && /--from=web\s+\S*web\/dist/.test(i.args))).toBe(true);
  });

  it('installs runtime dependencies only, from the lockfile, before copying the sources', () => {
    const idx = (pred: (i: Instruction) => boolean): number => dockerfile.findIndex(pred);
    const lockCopy = idx((i) => i.keyword === 'COPY' && i.args.includes('package-lock.json'));
    const install = idx((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    const sources = idx((i) => i.keyword === 'COPY' && /^\.\s+\.$|\bsrc\b/.test(i.args));
    expect(lockCopy).toBeGreaterThanOrEqual(0);
    expect(install).toBeGreaterThan(lockCopy);
    expect(dockerfile[install]?.args).toContain('--omit=dev');
    expect(sources).toBeGreaterThan(install);
  });

  it('runs as a non-root user', () => {
    const users = dockerfile.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it('runs the cli, with the gateway as the default role', () => {
    expect([...imageEntrypoint, ...imageCmd]).toEqual([...CLI, 'gateway']);
  });

  it("checks the gateway's /healthz with node (the slim image has no curl)", () => {
    const hc = lastOf('HEALTHCHECK');
    expect(hc).toBeDefined();
    const cmd = /\bCMD\s+(\[[\s\S]*\])\s*$/.exec(hc?.args ?? '')?.[1];
    expect(cmd, 'HEALTHCHECK CMD in exec form').toBeDefined();
    const argv = execForm(cmd ?? '[]');
    expect(argv[0]).toBe('node');
    expect(argv.join(' ')).toContain('/healthz');
    expect(argv.join(' ')).not.toMatch(/\b(curl|wget)\b/);
  });
});

describe('.dockerignore', () => {
  const patterns = existsSync(join(root, '.dockerignore'))
    ? read('.dockerignore')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'))
        .map((l) => l.replace(/^\//, '').replace(/\/$/, ''))
    : [];

  it('keeps dependencies, data, git history, tests and benchmarks out of the image', () => {
    for (const p of ['node_modules', 'data', '.git', 'test', 'bench', '.env']) expect(patterns, p).toContain(p);
  });

  it('keeps what the image runs', () => {
    const needed = ['src', 'workflows', 'activities', 'migrations', 'web', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json'];
    for (const p of patterns) {
      if (p.startsWith('!')) continue;
      const re = new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '(.*/)?')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')}$`,
      );
      for (const n of needed) expect(re.test(n), `.dockerignore pattern ${p} drops ${n}`).toBe(false);
    }
  });
});
