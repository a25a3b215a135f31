// `npm run gpu-kit [-- --out DIR] [--fast]`: builds the self-contained GPU kit (default .gpu-kit/,
// at most 40 MiB) that runs the workbench's device probe, kernel benchmarks and experiments headless
// on a Linux x86-64 GPU server with no Node, npm or network (see docs/GPU-RUNS.md):
//   run.sh           POSIX sh: unpacks, finds the Vulkan loader and driver, runs every step time-boxed
//   node.xz          this machine's Node runtime (stripped where `strip` exists)
//   runtime.tar.xz   dawn.node + the `webgpu` package's JS glue, the Vulkan loader (libvulkan.so.1)
//                    and libstdc++ (for servers whose own is older than dawn.node needs)
//   app.tar.xz       the experiment, kernel and adapter CLIs bundled into plain JavaScript
//   kit.json         versions, commit, sizes; README.txt
// --fast compresses at xz level 0 (the kit's test); compressed runtimes are cached under
// node_modules/.cache/gpu-kit, so rebuilding after a code change takes seconds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleClis } from './gpu-kit/bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_BYTES = 40 * 2 ** 20;
const CACHE = join(ROOT, 'node_modules', '.cache', 'gpu-kit');
const CLIS = { experiment: 'cli/experiment.ts', kernel: 'cli/kernel.ts', adapter: 'cli/adapter.ts' };

const USAGE = `usage: npm run gpu-kit [-- --out DIR] [--fast]

Builds the GPU kit (default .gpu-kit/): copy the folder to a Linux x86-64 GPU server and run
  sh run.sh OUT_DIR [--quick]
there (see docs/GPU-RUNS.md).

  --out DIR  where to write the kit (default .gpu-kit); an existing kit there is replaced
  --fast     xz level 0 instead of 6: faster to build, a few MiB larger (used by the kit's test)`;

class BuildError extends Error {}

function parseCommandLine(argv) {
  const o = { out: join(ROOT, '.gpu-kit'), level: 6 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return null;
    if (a === '--fast') o.level = 0;
    else if (a === '--out' && argv[i + 1]) o.out = resolve(argv[++i]);
    else if (a.startsWith('--out=')) o.out = resolve(a.slice('--out='.length));
    else throw new BuildError(`unknown argument ${a}\n${USAGE}`);
  }
  return o;
}

const log = (line) => process.stderr.write(`gpu-kit: ${line}\n`);
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (e) {
    if (e.code === 'ENOENT') throw new BuildError(`'${cmd}' is not installed`);
    throw new BuildError(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

function have(cmd) {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The x86-64 library `name` as the dynamic linker finds it (ldconfig's cache). */
function systemLibrary(name, pkg) {
  let out = '';
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    try {
      out = execFileSync(ldconfig, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      break;
    } catch {
      /* try the next path */
    }
  }
  const line = out.split('\n').find((l) => l.trim().startsWith(`${name} `) && l.includes('x86-64'));
  const path = line?.split('=>')[1]?.trim();
  if (!path)
    throw new BuildError(`no ${name} on this machine to ship in the kit (Debian/Ubuntu: apt-get install ${pkg})`);
  return realpathSync(path);
}

/** A cache key from files' identities (path, size, mtime) and the settings that shape the output. */
function cacheKey(files, settings) {
  const h = createHash('sha256');
  for (const f of files) {
    const s = statSync(f);
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\0`);
  }
  h.update(JSON.stringify(settings));
  return h.digest('hex').slice(0, 20);
}

/** Compresses `make()`'s output file with xz into `dest`, reusing a cached result for the same key. */
function xzCached(name, key, level, dest, make) {
  mkdirSync(CACHE, { recursive: true });
  const prefix = `${name}-xz${level}-`;
  const cached = join(CACHE, `${prefix}${key}.xz`);
  if (existsSync(cached)) {
    copyFileSync(cached, dest);
    log(`${basename(dest)}: ${mib(statSync(dest).size)} (cached)`);
    return;
  }
  const raw = make();
  const t0 = Date.now();
  run('xz', ['-z', '-f', '-T0', `-${level}`, raw]);
  const tmp = `${cached}.${process.pid}`;
  copyFileSync(`${raw}.xz`, tmp);
  renameSync(tmp, cached);
  // Drop older entries of the same artifact and level: each new input would otherwise add ~25 MiB.
  for (const f of readdirSync(CACHE)) {
    if (f.startsWith(prefix) && f !== basename(cached)) rmSync(join(CACHE, f), { force: true });
  }
  copyFileSync(cached, dest);
  log(`${basename(dest)}: ${mib(statSync(dest).size)} (xz -${level}, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

function gitDescription() {
  try {
    const commit = run('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).trim();
    const dirty = run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

async function main() {
  const o = parseCommandLine(process.argv.slice(2));
  if (!o) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new BuildError(
      `the kit ships this machine's Node runtime, so it must be built on Linux x86-64 (this is ${process.platform}-${process.arch})`,
    );
  }
  if (!have('xz')) throw new BuildError("'xz' is not installed (Debian/Ubuntu: apt-get install xz-utils)");
  if (!have('tar')) throw new BuildError("'tar' is not installed");

  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const webgpuDir = join(ROOT, 'node_modules', 'webgpu');
  const webgpuPkg = JSON.parse(readFileSync(join(webgpuDir, 'package.json'), 'utf8'));
  const dawnNode = join(webgpuDir, 'dist', 'linux-x64', 'dawn.node');
  if (!existsSync(dawnNode)) throw new BuildError(`no ${dawnNode}: run npm install`);
  const vulkan = systemLibrary('libvulkan.so.1', 'libvulkan1');
  const libstdcxx = systemLibrary('libstdc++.so.6', 'libstdc++6');

  mkdirSync(dirname(o.out), { recursive: true });
  const stage = mkdtempSync(join(dirname(o.out), '.gpu-kit-build-'));
  try {
    const kit = join(stage, 'kit');
    mkdirSync(kit);

    // 1. The CLIs as plain JavaScript.
    const app = join(stage, 'app');
    const t0 = Date.now();
    const bundled = await bundleClis({ root: ROOT, entries: CLIS, outDir: join(app, 'app'), version: pkg.version });
    const appBytes = Object.values(bundled.outputs).reduce((a, b) => a + b, 0);
    log(
      `bundled ${Object.keys(CLIS).join(', ')} CLIs: ${bundled.inputs.length} source files, ${mib(appBytes)} (${Date.now() - t0} ms)`,
    );
    run('tar', ['-cf', join(stage, 'app.tar'), '-C', app, '.']);
    run('xz', ['-z', '-f', '-T0', '-6', join(stage, 'app.tar')]);
    renameSync(join(stage, 'app.tar.xz'), join(kit, 'app.tar.xz'));

    // 2. Node, stripped of its debug information where binutils is here.
    const nodePath = realpathSync(process.execPath);
    const strip = have('strip');
    xzCached('node', cacheKey([nodePath], { level: o.level, strip }), o.level, join(kit, 'node.xz'), () => {
      const raw = join(stage, 'node');
      if (strip) run('strip', ['--strip-all', '-o', raw, nodePath]);
      else copyFileSync(nodePath, raw);
      return raw;
    });

    // 3. dawn.node with its glue, the Vulkan loader, libstdc++.
    const glue = ['index.js', 'package.json', 'LICENSE.md'].map((f) => join(webgpuDir, f)).filter(existsSync);
    const runtimeFiles = [...glue, dawnNode, vulkan, libstdcxx];
    xzCached('runtime', cacheKey(runtimeFiles, { level: o.level }), o.level, join(kit, 'runtime.tar.xz'), () => {
      const rt = join(stage, 'runtime');
      const pkgDir = join(rt, 'node_modules', 'webgpu');
      mkdirSync(join(pkgDir, 'dist', 'linux-x64'), { recursive: true });
      for (const f of glue) copyFileSync(f, join(pkgDir, basename(f)));
      copyFileSync(dawnNode, join(pkgDir, 'dist', 'linux-x64', 'dawn.node'));
      mkdirSync(join(rt, 'lib', 'vulkan'), { recursive: true });
      copyFileSync(vulkan, join(rt, 'lib', 'vulkan', 'libvulkan.so.1'));
      mkdirSync(join(rt, 'lib', 'compat'), { recursive: true });
      copyFileSync(libstdcxx, join(rt, 'lib', 'compat', 'libstdc++.so.6'));
      const tar = join(stage, 'runtime.tar');
      run('tar', ['-cf', tar, '-C', rt, '.']);
      return tar;
    });

    // 4. run.sh, README.txt, kit.json.
    copyFileSync(join(ROOT, 'scripts', 'gpu-kit', 'run.sh'), join(kit, 'run.sh'));
    chmodSync(join(kit, 'run.sh'), 0o755);
    writeFileSync(
      join(kit, 'README.txt'),
      [
        `MLSys Workbench ${pkg.version} GPU kit (Linux x86-64).`,
        '',
        'Copy this folder to the GPU server and run',
        '  sh run.sh OUT_DIR           # everything, at most 8 minutes',
        '  sh run.sh OUT_DIR --quick   # smaller settings, at most 2 minutes',
        'It needs a POSIX shell, tar and xz, and a Vulkan GPU driver; no Node, npm or network.',
        'sh run.sh --help lists the options. Results: OUT_DIR/summary.json, run.log, <step>.json, <step>*.csv.',
        'Details: docs/GPU-RUNS.md in the repository.',
        '',
      ].join('\n'),
    );
    const files = Object.fromEntries(
      readdirSync(kit)
        .sort()
        .map((f) => [f, statSync(join(kit, f)).size]),
    );
    const totalBytes = Object.values(files).reduce((a, b) => a + b, 0) + 1024; // + kit.json itself
    const manifest = {
      kit: 'mlsys-workbench-gpu-kit',
      appVersion: pkg.version,
      ...gitDescription(),
      builtAt: new Date().toISOString(),
      node: process.version,
      webgpu: webgpuPkg.version,
      vulkanLoader: basename(vulkan),
      libstdcxx: basename(libstdcxx),
      xzLevel: o.level,
      clis: Object.keys(CLIS),
      files,
      totalBytes,
    };
    writeFileSync(join(kit, 'kit.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (totalBytes > MAX_BYTES) throw new BuildError(`the kit is ${mib(totalBytes)}, over its ${mib(MAX_BYTES)} limit`);

    rmSync(o.out, { recursive: true, force: true });
    renameSync(kit, o.out);
    for (const [f, bytes] of Object.entries(files)) log(`  ${f.padEnd(16)} ${mib(bytes).padStart(9)}`);
    log(
      `wrote ${o.out} (${mib(totalBytes)}; limit ${mib(MAX_BYTES)}): copy it to a GPU server and run sh run.sh OUT_DIR`,
    );
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  process.stderr.write(`gpu-kit: error: ${e instanceof BuildError ? e.message : (e.stack ?? e)}\n`);
  process.exit(e instanceof BuildError ? 2 : 1);
}
