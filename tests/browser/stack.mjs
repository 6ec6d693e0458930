// Starts what the dashboard test reads, and stops it. Three ways, by
// environment:
//
//   POLES_DASHBOARD_URL=http://127.0.0.1:8080 POLES_NATIONAL_KEY_FILE=...
//       an already running gateway (nothing is started);
//   POLES_BROWSER_STACK=fixture
//       gateway_http_fixture_server: the HTTP API over canned reads;
//   default ("real")
//       a throwaway PostgreSQL 15 cluster (initdb, as 'postgres' when
//       root), poles-server on it, the demo data (polesctl demo load), a
//       tenant with nothing, a national and a service key, the accounts
//       of ACCOUNTS (polesctl account create --password-stdin: known
//       passwords), then poles-gateway in front of it.
//
// Binaries: POLES_BUILD_DIR (default build, else build-test), or each of
// POLES_SERVER_BIN, POLES_CTL_BIN, POLES_GATEWAY_BIN,
// POLES_FIXTURE_SERVER_BIN; the dashboard's files: POLES_WEB_DIR; the
// workspace's build: POLES_WORKSPACE_DIR (default web/workspace/dist). The
// gateway's command line is POLES_GATEWAY_ARGS (space-separated, with
// {grpc_port} {http_port} {server} {service_key_file}
// {web_dir} {workspace_dir} {data_dir}
// replaced) when its flags differ from the default below.

import { spawn, execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = path.resolve(new URL('.', import.meta.url).pathname, '../..');

// The Pôle the real stack creates with nothing recorded.
export const EMPTY_TENANT = 'pole-vide-essai';

// The people's accounts the real stack creates (README "Signing in"):
// Centre-du-Québec's editor and viewer, and an editor of another Pôle.
// Test passwords, for throwaway clusters only.
export const ACCOUNTS = {
  editor: { email: 'coordination@centre-du-quebec.essai', password: 'cdq-coordination-essai',
            name: 'Coordination (essai)', tenant: 'centre-du-quebec', role: 'editor' },
  viewer: { email: 'conseil@centre-du-quebec.essai', password: 'cdq-conseil-essai',
            name: 'Conseil (essai)', tenant: 'centre-du-quebec', role: 'viewer' },
  other: { email: 'coordination@capitale-nationale.essai', password: 'cn-coordination-essai',
           name: 'Capitale-Nationale (essai)', tenant: 'capitale-nationale', role: 'editor' },
};

function buildDir() {
  if (process.env.POLES_BUILD_DIR) return path.resolve(ROOT, process.env.POLES_BUILD_DIR);
  for (const dir of ['build', 'build-test']) {
    if (existsSync(path.join(ROOT, dir, 'gateway'))) return path.join(ROOT, dir);
  }
  return path.join(ROOT, 'build');
}

export function binary(env, relative) {
  return process.env[env] || path.join(buildDir(), relative);
}

export function webDir() {
  return process.env.POLES_WEB_DIR || path.join(buildDir(), 'gateway', 'web');
}

// The workspace's build (npm run build:workspace), served under /espace/.
export function workspaceDir() {
  return process.env.POLES_WORKSPACE_DIR || path.join(ROOT, 'web', 'workspace', 'dist');
}

export function artifactsDir() {
  const dir = path.join(buildDir(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, check, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited (${child.exitCode})`);
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms${last ? ` (${last.message})` : ''}`);
}

function start(command, args, log) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  const keep = (chunk) => {
    child.output += chunk;
    if (child.output.length > 200000) child.output = child.output.slice(-100000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.label = log;
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
  await exited;
  clearTimeout(timer);
}

async function httpOk(url) {
  const res = await fetch(url);
  return res.status === 200;
}

async function fixtureStack() {
  const bin = binary('POLES_FIXTURE_SERVER_BIN', 'gateway/gateway_http_fixture_server');
  const child = start(bin, ['--web-dir', webDir()], 'fixture');
  const port = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`fixture server exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('fixture server', () => httpOk(`${url}/`), 10000, child);
  return {
    url, key: 'pk_fixture_national', emptyTenant: 'gaspesie-iles-de-la-madeleine',
    year: '2017-2018', mode: 'fixture', stop: () => stop(child),
  };
}

const PG_BIN = process.env.POLES_PG_BIN || '/usr/lib/postgresql/15/bin';
const AS_ROOT = process.getuid && process.getuid() === 0;

// A command as PostgreSQL's OS user when we are root (it refuses root).
function asCluster(command, args) {
  return AS_ROOT ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

// A throwaway PostgreSQL 15 cluster on 127.0.0.1:`port` with the platform's
// three roles (as storage/embedded_postgres.cc bootstraps them), trust auth
// on loopback; its URLs.
async function startPostgres(dir, port) {
  const pgdata = path.join(dir, 'pgdata');
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  if (AS_ROOT) await run('chown', ['-R', 'postgres:postgres', dir]);
  await run(...asCluster(path.join(PG_BIN, 'initdb'),
                         ['-D', pgdata, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']));
  await run(...asCluster(path.join(PG_BIN, 'pg_ctl'),
                         ['-D', pgdata, '-l', path.join(dir, 'postgres.log'), '-w', '-o',
                          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']));
  const sql = [
    'CREATE ROLE poles_owner LOGIN NOSUPERUSER NOCREATEROLE',
    'CREATE ROLE poles_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT',
    'CREATE ROLE poles_admin LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT',
    "CREATE DATABASE poles OWNER poles_owner ENCODING 'UTF8' TEMPLATE template0",
    'REVOKE ALL ON DATABASE poles FROM PUBLIC',
    'GRANT CONNECT ON DATABASE poles TO poles_app, poles_admin',
  ];
  for (const statement of sql) {
    await run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres',
                       '-v', 'ON_ERROR_STOP=1', '-qc', statement]);
  }
  await run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'poles',
                     '-qc', 'REVOKE ALL ON SCHEMA public FROM PUBLIC']);
  return {
    owner: `postgresql://poles_owner@127.0.0.1:${port}/poles`,
    app: `postgresql://poles_app@127.0.0.1:${port}/poles`,
    admin: `postgresql://poles_admin@127.0.0.1:${port}/poles`,
    stop: () => run(...asCluster(path.join(PG_BIN, 'pg_ctl'), ['-D', pgdata, '-m', 'fast', '-w', 'stop']))
      .catch(() => {}),
  };
}

async function realStack() {
  const serverBin = binary('POLES_SERVER_BIN', 'server/poles-server');
  const ctlBin = binary('POLES_CTL_BIN', 'cli/polesctl');
  const gatewayBin = binary('POLES_GATEWAY_BIN', 'gateway/poles-gateway');
  for (const bin of [serverBin, ctlBin, gatewayBin]) {
    if (!existsSync(bin)) throw new Error(`missing binary ${bin} (build it, or set POLES_*_BIN)`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'poles-browser-'));
  chmodSync(dataDir, 0o711);  // PostgreSQL's OS user reaches its folder inside
  const pgDir = path.join(dataDir, 'pg');
  const [pgPort, serverPort, grpcPort, httpPort] =
    [await freePort(), await freePort(), await freePort(), await freePort()];
  const serverAddr = `127.0.0.1:${serverPort}`;
  const children = [];
  let postgres = null;
  const logs = () => children.map((c) => `--- ${c.label}\n${c.output.slice(-4000)}`).join('\n');
  const cleanup = async () => {
    for (const child of children.reverse()) await stop(child);
    if (postgres) await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    postgres = await startPostgres(pgDir, pgPort);
    const adminKey = path.join(dataDir, 'keys', 'admin.key');
    mkdirSync(path.dirname(adminKey), { recursive: true });
    const server = start(serverBin, [
      '--listen', serverAddr, '--metrics-listen', '', '--database-url', postgres.app,
      '--admin-database-url', postgres.admin, '--owner-database-url', postgres.owner, '--admin-key-file', adminKey,
      '--page-token-secret', 'b'.repeat(64)], 'server');
    children.push(server);
    const ctl = (...args) => run(ctlBin, ['--server', serverAddr, '--key-file', adminKey, ...args],
                                 { maxBuffer: 16 << 20 });
    await waitFor('poles-server', async () => existsSync(adminKey) && (await ctl('tenants', 'list'), true),
                  40000, server);
    await ctl('demo', 'load', '--data-dir', dataDir, '--seeds', path.join(ROOT, 'data', 'seeds'));
    await ctl('tenants', 'create', EMPTY_TENANT, '--name', "Pôle d'essai sans données", '--region', '09')
      .catch((error) => { if (!/ALREADY_EXISTS|existe/.test(String(error.stderr))) throw error; });
    for (const a of Object.values(ACCOUNTS)) {
      const created = ctl('account', 'create', '--email', a.email, '--name', a.name, '--tenant', a.tenant,
                          '--role', a.role, '--password-stdin');
      created.child.stdin.end(`${a.password}\n`);
      await created;
    }
    const nationalKey = path.join(dataDir, 'keys', 'browser-national.key');
    const serviceKey = path.join(dataDir, 'keys', 'browser-service.key');
    await ctl('keys', 'issue', '--role', 'national', '--name', 'browser test', '--out', nationalKey);
    await ctl('keys', 'issue', '--role', 'service', '--name', 'browser test gateway', '--out', serviceKey);
    const template = process.env.POLES_GATEWAY_ARGS ||
      '--listen 127.0.0.1:{grpc_port} --http-listen 127.0.0.1:{http_port} --server {server} ' +
      '--service-key-file {service_key_file} --web-dir {web_dir} --workspace-dir {workspace_dir}';
    const values = { grpc_port: grpcPort, http_port: httpPort, server: serverAddr,
                     service_key_file: serviceKey, web_dir: webDir(),
                     workspace_dir: workspaceDir(), data_dir: dataDir };
    const args = template.split(/\s+/).filter(Boolean)
      .map((a) => a.replace(/\{(\w+)\}/g, (_, k) => String(values[k])));
    const gateway = start(gatewayBin, args, 'gateway');
    children.push(gateway);
    const url = `http://127.0.0.1:${httpPort}`;
    await waitFor('poles-gateway', () => httpOk(`${url}/`), 20000, gateway);
    return {
      url, key: readFileSync(nationalKey, 'utf8').trim(), emptyTenant: EMPTY_TENANT,
      year: '2017-2018', mode: 'real', stop: cleanup, logs,
      // The demo's keys: <pôle>.editor.key, <pôle>.viewer.key.
      keysDir: path.join(dataDir, 'keys'),
      accounts: ACCOUNTS,
    };
  } catch (error) {
    const output = logs();
    await cleanup();
    error.message += `\n${output}`;
    throw error;
  }
}

export async function startStack() {
  if (process.env.POLES_DASHBOARD_URL) {
    const keyFile = process.env.POLES_NATIONAL_KEY_FILE;
    return {
      url: process.env.POLES_DASHBOARD_URL.replace(/\/$/, ''),
      key: process.env.POLES_NATIONAL_KEY || readFileSync(keyFile, 'utf8').trim(),
      emptyTenant: process.env.POLES_EMPTY_TENANT || null,
      year: process.env.POLES_FISCAL_YEAR || '2017-2018', mode: 'external', stop: async () => {},
    };
  }
  if (process.env.POLES_BROWSER_STACK === 'fixture') return fixtureStack();
  return realStack();
}
