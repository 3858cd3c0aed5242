// Builds the interop guest: a Debian 12 kernel and an initramfs holding busybox, the PPP
// modules, pppd 2.4.9 and chat with their libraries, all taken from Debian packages that
// are downloaded and unpacked here (nothing is installed on the machine).
//
//   node scripts/vm/build-guest.mjs [--force]
//
// Writes into .cache/vm: vmlinuz (the packaged kernel), vmlinux (the same kernel
// uncompressed, an ELF QEMU boots through its PVH entry: under TCG that skips seconds of
// emulated xz decompression), initramfs.cpio and initramfs.cpio.gz (the harness boots the
// uncompressed one, for the same reason), build-info.txt (every package version); keeps
// the packages in .cache/vm/debs. Rebuilds only when this script, cpio.mjs, the guest init
// or the pinned versions change, or with --force (which also fetches newer versions of
// the unpinned packages). Needs apt-get, dpkg-deb, xz (optional:
// without it the guest boots vmlinuz) and Debian package lists: on a fresh machine run
// `apt-get update` first (.ci/run does).

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { cpioArchive } from "./cpio.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
export const CACHE = join(ROOT, ".cache", "vm");
const DEBS = join(CACHE, "debs");
const INIT_SCRIPT = join(HERE, "guest-init.sh");

// The kernel Debian 12 served when this was written (linux-image-amd64 6.1.192-2). The
// security archive keeps only its newest kernel: when this one is gone the build falls
// back to whatever linux-image-amd64 depends on now and says so in build-info.txt.
const KERNEL = { package: "linux-image-6.1.0-56-amd64", version: "6.1.192-2" };
const TOOLS = ["busybox-static", "ppp"];
// pppd's and chat's shared libraries and the packages that hold them (checked below with
// the unpacked dynamic loader, so a missing one fails the build instead of the guest).
const LIBRARY_PACKAGES = [
  "libc6", "libssl3", "libpcap0.8", "libpam0g", "libsystemd0", "libcrypt1", "libaudit1", "libcap2", "libgcrypt20", "liblzma5",
  "libzstd1", "liblz4-1", "libcap-ng0", "libgpg-error0", "libdbus-1-3",
];
// Load order comes from each module's depends= string; these are the ones asked for.
const MODULES = ["ppp_async", "ppp_synctty", "ppp_deflate", "bsd_comp"];
const PROGRAMS = ["usr/sbin/pppd", "usr/sbin/chat"];

class BuildError extends Error {}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, timeout: 300_000, ...options });
  if (result.error) throw new BuildError(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const stderr = (result.stderr ?? "").trim();
    throw new BuildError(`${command} ${args.join(" ")} exited ${result.status}${stderr ? `:\n${stderr}` : ""}`);
  }
  return result.stdout;
}

function inputsDigest() {
  const hash = createHash("sha256");
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  hash.update(readFileSync(join(HERE, "cpio.mjs")));
  hash.update(readFileSync(INIT_SCRIPT));
  return hash.digest("hex");
}

/** The debs in the cache, by package name: [{ file, version, mtimeMs }], newest first. */
function cachedDebs() {
  const found = new Map();
  if (!existsSync(DEBS)) return found;
  for (const name of readdirSync(DEBS).filter((n) => n.endsWith(".deb"))) {
    const file = join(DEBS, name);
    const [pkg, version] = run("dpkg-deb", ["--showformat=${Package}\t${Version}", "--show", file]).split("\t");
    found.set(pkg, [...(found.get(pkg) ?? []), { file, version, mtimeMs: statSync(file).mtimeMs }]);
  }
  for (const list of found.values()) list.sort((a, b) => b.mtimeMs - a.mtimeMs);
  return found;
}

/** Candidate versions apt would download now, by package name. */
function candidateVersions(packages) {
  const versions = new Map();
  const out = spawnSync("apt-cache", ["policy", ...packages], { encoding: "utf8" }).stdout ?? "";
  for (const block of out.split(/\n(?=\S)/)) {
    const name = /^(\S+):/.exec(block)?.[1];
    const candidate = /Candidate: (\S+)/.exec(block)?.[1];
    if (name && candidate && candidate !== "(none)") versions.set(name, candidate);
  }
  return versions;
}

function download(specs) {
  if (specs.length === 0) return;
  mkdirSync(DEBS, { recursive: true });
  const result = spawnSync("apt-get", ["download", "-q", ...specs], { cwd: DEBS, encoding: "utf8", timeout: 300_000 });
  if (result.error) throw new BuildError(`apt-get: ${result.error.message}`);
  if (result.status !== 0) {
    throw new BuildError(
      `apt-get download ${specs.join(" ")} failed (exit ${result.status}):\n${(result.stderr ?? "").trim()}\n` +
        "If a package is unknown, the package lists may be missing or old: run `apt-get update` first.",
    );
  }
}

/** The kernel package to use: the pinned one if the archive still has it, else today's. */
function chooseKernel(notes) {
  const policy = spawnSync("apt-cache", ["policy", KERNEL.package], { encoding: "utf8" });
  if (policy.status === 0 && policy.stdout.includes(` ${KERNEL.version} `)) return KERNEL;
  const depends = spawnSync("apt-cache", ["depends", "linux-image-amd64"], { encoding: "utf8" });
  const match = /Depends: (linux-image-[0-9][^\s]*-amd64)/.exec(depends.stdout ?? "");
  if (!match) throw new BuildError("no kernel package found: run `apt-get update` first");
  const candidate = /Candidate: (\S+)/.exec(run("apt-cache", ["policy", match[1]]));
  if (!candidate) throw new BuildError(`${match[1]} has no candidate version: run \`apt-get update\` first`);
  notes.push(`pinned kernel ${KERNEL.package} ${KERNEL.version} is no longer served; used ${match[1]} ${candidate[1]}`);
  return { package: match[1], version: candidate[1] };
}

/**
 * Makes sure every needed deb is in the cache; returns them by package name. The kernel is
 * pinned; the others are whatever is cached, or with `refresh` apt's current candidates.
 * Older versions of the same packages are deleted.
 */
function fetchDebs(kernel, refresh) {
  const unpinned = [...TOOLS, ...LIBRARY_PACKAGES];
  const candidates = refresh ? candidateVersions(unpinned) : new Map();
  const wanted = [[kernel.package, kernel.version], ...unpinned.map((p) => [p, candidates.get(p) ?? null])];
  const pick = (debs, pkg, version) => (debs.get(pkg) ?? []).find((d) => version === null || d.version === version);
  const cached = cachedDebs();
  const missing = wanted.filter(([pkg, version]) => !pick(cached, pkg, version));
  download(missing.map(([pkg, version]) => (version ? `${pkg}=${version}` : pkg)));
  const debs = cachedDebs();
  const chosen = new Map();
  for (const [pkg, version] of wanted) {
    const deb = pick(debs, pkg, version);
    if (!deb) throw new BuildError(`${pkg}${version ? ` ${version}` : ""}: not in the cache after apt-get download`);
    chosen.set(pkg, deb);
    for (const other of debs.get(pkg)) if (other !== deb) rmSync(other.file, { force: true });
  }
  return chosen;
}

function walk(dir, visit) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) walk(path, visit);
    else visit(path, stat);
  }
}

/** The modules directory of the unpacked kernel and its release name (e.g. 6.1.0-56-amd64). */
function kernelRelease(tree) {
  const releases = readdirSync(join(tree, "lib", "modules"));
  if (releases.length !== 1) throw new BuildError(`expected one kernel release in the kernel package, found ${releases.join(", ")}`);
  return releases[0];
}

/** Module name → .ko path, with '-' and '_' treated alike as the kernel does. */
function moduleIndex(modulesDir) {
  const index = new Map();
  walk(modulesDir, (path) => {
    if (path.endsWith(".ko")) index.set(basename(path, ".ko").replaceAll("-", "_"), path);
  });
  return index;
}

/** The depends= field of a module's .modinfo section (no modules.dep in the package). */
function moduleDepends(koPath) {
  const text = readFileSync(koPath).toString("latin1");
  const match = /\0depends=([^\0]*)\0/.exec(text);
  if (!match) throw new BuildError(`${basename(koPath)}: no depends= field`);
  return match[1] ? match[1].split(",").map((d) => d.replaceAll("-", "_")) : [];
}

/** Dependencies first: the order insmod needs. */
function moduleLoadOrder(index, wanted) {
  const order = [];
  const visiting = new Set();
  const visit = (name) => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new BuildError(`module dependency cycle at ${name}`);
    const path = index.get(name);
    if (!path) throw new BuildError(`module ${name} is not in the kernel package (built in?)`);
    visiting.add(name);
    for (const dep of moduleDepends(path)) visit(dep);
    visiting.delete(name);
    order.push(name);
  };
  for (const name of wanted) visit(name);
  return order;
}

/** soname → file in the tree, from the unpacked loader's --list of every program. */
function resolveLibraries(tree) {
  const libDirs = ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu"].map((d) => join(tree, d));
  const loader = libDirs.map((d) => join(d, "ld-linux-x86-64.so.2")).find((p) => existsSync(p));
  if (!loader) throw new BuildError("libc6 did not provide ld-linux-x86-64.so.2");
  const libraries = new Map([["ld-linux-x86-64.so.2", loader]]);
  const treeReal = realpathSync(tree);
  for (const program of PROGRAMS) {
    const out = run(loader, ["--library-path", libDirs.join(":"), "--list", join(tree, program)]);
    for (const line of out.split("\n")) {
      const m = /^\s*(\S+) => (.*?) \(0x[0-9a-f]+\)$/.exec(line) ?? /^\s*(\S+) => (not found)$/.exec(line);
      if (!m) continue;
      const soname = basename(m[1]);
      if (m[2] === "not found") throw new BuildError(`${program} needs ${soname}: add the package that ships it to LIBRARY_PACKAGES`);
      const real = realpathSync(m[2]);
      if (!real.startsWith(`${treeReal}/`)) throw new BuildError(`${program} needs ${soname}, found only outside the unpacked packages`);
      libraries.set(soname, real);
    }
  }
  return libraries;
}

/** Entries of the initramfs: directories, busybox with its applets, modules, programs, libs, /etc. */
function initramfsEntries(tree, loadOrder, index, libraries) {
  const entries = [];
  const dirs = new Set();
  const dir = (path) => {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const d = parts.slice(0, i).join("/");
      if (!dirs.has(d)) {
        dirs.add(d);
        entries.push({ name: d, type: "dir", mode: d === "tmp" ? 0o1777 : d === "root" ? 0o700 : 0o755 });
      }
    }
  };
  const file = (path, data, mode = 0o644) => {
    dir(dirname(path));
    entries.push({ name: path, type: "file", data, mode });
  };
  const link = (path, target) => {
    dir(dirname(path));
    entries.push({ name: path, type: "symlink", target });
  };
  for (const d of ["proc", "sys", "dev", "run", "tmp", "root", "etc/ppp", "lib/modules", "usr/bin", "usr/sbin", "sbin"]) dir(d);
  entries.push({ name: "dev/console", type: "chardev", mode: 0o600, major: 5, minor: 1 });
  link("var/run", "../run");

  const busybox = join(tree, "bin", "busybox");
  file("bin/busybox", readFileSync(busybox), 0o755);
  for (const applet of run(busybox, ["--list"]).split("\n").filter(Boolean)) {
    if (applet !== "busybox") link(`bin/${applet}`, "busybox");
  }
  file("init", readFileSync(INIT_SCRIPT), 0o755);

  for (const name of loadOrder) file(`lib/modules/${name}.ko`, readFileSync(index.get(name)));
  file("lib/modules/load-order", `${loadOrder.join("\n")}\n`);

  for (const program of PROGRAMS) file(program, readFileSync(join(tree, program)), 0o755);
  for (const [soname, path] of libraries) file(`lib/x86_64-linux-gnu/${soname}`, readFileSync(path), 0o755);
  link("lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");

  file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
  file("etc/group", "root:x:0:\n");
  // Tests pass every pppd option on the command line; per-run archives may replace the secrets.
  file("etc/ppp/options", "");
  file("etc/ppp/pap-secrets", "", 0o600);
  file("etc/ppp/chap-secrets", "", 0o600);
  return entries;
}

// An ELF note of type XEN_ELFNOTE_PHYS32_ENTRY (18) named "Xen": the entry QEMU needs to
// boot an ELF kernel. Layout: namesz (4), descsz, type, name.
const PVH_NOTE_TAIL = Buffer.from("12000000" + "58656e00", "hex");

function hasPvhNote(elf) {
  for (let at = elf.indexOf(PVH_NOTE_TAIL); at >= 8; at = elf.indexOf(PVH_NOTE_TAIL, at + 1)) {
    if (elf.readUInt32LE(at - 8) === 4) return true;
  }
  return false;
}

/** The uncompressed kernel inside a bzImage, if it is xz-compressed and has a PVH entry. */
function extractVmlinux(vmlinuz, notes) {
  const image = readFileSync(vmlinuz);
  const at = image.indexOf(Buffer.from("fd377a585a00", "hex"));
  if (at < 0) {
    notes.push("kernel is not xz-compressed; booting vmlinuz");
    return null;
  }
  const result = spawnSync("xz", ["--decompress", "--stdout", "--single-stream"], { input: image.subarray(at), maxBuffer: 512 << 20, timeout: 120_000 });
  if (result.error || result.status !== 0) {
    notes.push(`could not unpack the kernel with xz (${result.error?.message ?? `exit ${result.status}`}); booting vmlinuz`);
    return null;
  }
  const elf = result.stdout;
  if (elf.readUInt32BE(0) !== 0x7f454c46 || !hasPvhNote(elf)) {
    notes.push("unpacked kernel has no PVH entry; booting vmlinuz");
    return null;
  }
  return elf;
}

function readInfo() {
  const path = join(CACHE, "build-info.txt");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

export function isCurrent() {
  const info = readInfo();
  return (
    existsSync(join(CACHE, "vmlinuz")) &&
    existsSync(join(CACHE, "initramfs.cpio")) &&
    existsSync(join(CACHE, "initramfs.cpio.gz")) &&
    info.includes(`inputs ${inputsDigest()}\n`)
  );
}

function build(refresh) {
  const started = Date.now();
  const notes = [];
  mkdirSync(CACHE, { recursive: true });
  // Trees left by a build that was killed; a recent one may belong to a build still running.
  for (const name of readdirSync(CACHE).filter((n) => n.startsWith("unpacked-"))) {
    const path = join(CACHE, name);
    if (Date.now() - statSync(path).mtimeMs > 15 * 60_000) rmSync(path, { recursive: true, force: true });
  }
  const kernel = chooseKernel(notes);
  const debs = fetchDebs(kernel, refresh);
  const tree = mkdtempSync(join(CACHE, "unpacked-"));
  try {
    for (const { file } of debs.values()) run("dpkg-deb", ["-x", file, tree]);
    const release = kernelRelease(tree);
    const vmlinuz = join(tree, "boot", `vmlinuz-${release}`);
    if (!existsSync(vmlinuz)) throw new BuildError(`the kernel package has no boot/vmlinuz-${release}`);
    const index = moduleIndex(join(tree, "lib", "modules", release));
    const loadOrder = moduleLoadOrder(index, MODULES);
    const libraries = resolveLibraries(tree);
    const archive = cpioArchive(initramfsEntries(tree, loadOrder, index, libraries));
    let gz = gzipSync(archive, { level: 9 });
    // Per-run archives are appended after this one; the kernel wants them 4-byte aligned.
    if (gz.length % 4) gz = Buffer.concat([gz, Buffer.alloc(4 - (gz.length % 4))]);
    const vmlinux = extractVmlinux(vmlinuz, notes);

    writeFileSync(join(CACHE, "initramfs.cpio.new"), archive);
    writeFileSync(join(CACHE, "initramfs.cpio.gz.new"), gz);
    copyFileSync(vmlinuz, join(CACHE, "vmlinuz.new"));
    if (vmlinux) writeFileSync(join(CACHE, "vmlinux.new"), vmlinux);
    const info = [
      "# interop guest built by scripts/vm/build-guest.mjs",
      `inputs ${inputsDigest()}`,
      `built ${new Date().toISOString()}`,
      `kernel-release ${release}`,
      ...[...debs].map(([pkg, { version }]) => `package ${pkg} ${version}`),
      `modules ${loadOrder.join(" ")}`,
      `libraries ${[...libraries.keys()].join(" ")}`,
      `initramfs-bytes ${archive.length} (gzipped ${gz.length})`,
      `boot-kernel ${vmlinux ? "vmlinux" : "vmlinuz"}`,
      ...notes.map((n) => `note ${n}`),
      "",
    ].join("\n");
    writeFileSync(join(CACHE, "build-info.txt.new"), info);
    renameSync(join(CACHE, "initramfs.cpio.new"), join(CACHE, "initramfs.cpio"));
    renameSync(join(CACHE, "initramfs.cpio.gz.new"), join(CACHE, "initramfs.cpio.gz"));
    renameSync(join(CACHE, "vmlinuz.new"), join(CACHE, "vmlinuz"));
    if (vmlinux) renameSync(join(CACHE, "vmlinux.new"), join(CACHE, "vmlinux"));
    else rmSync(join(CACHE, "vmlinux"), { force: true });
    renameSync(join(CACHE, "build-info.txt.new"), join(CACHE, "build-info.txt"));
    for (const note of notes) console.error(`build-guest: ${note}`);
    console.log(`build-guest: built ${relative(ROOT, CACHE)} (kernel ${release}, ${archive.length} bytes of initramfs) in ${Date.now() - started} ms`);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

function main(argv) {
  const force = argv.includes("--force");
  const unknown = argv.filter((a) => a !== "--force");
  if (unknown.length) {
    console.error(`build-guest: unknown argument ${unknown[0]} (usage: build-guest.mjs [--force])`);
    return 2;
  }
  if (!force && isCurrent()) {
    console.log("build-guest: up to date");
    return 0;
  }
  try {
    build(force);
    return 0;
  } catch (error) {
    if (error instanceof BuildError) {
      console.error(`build-guest: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
