import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * What a benchmark figure was taken on: the machine, the date, and how busy the machine was.
 * Every bench prints `machineHeader()` first and `loadFooter()` last; in between the load
 * sampler records the 1-minute load average every 5 s, so a figure taken on a shared machine
 * says how shared it was.
 */

const samples: number[] = [];
const sampler = setInterval(() => samples.push(os.loadavg()[0]), 5000);
sampler.unref();

const fmt = (n: number) => n.toFixed(2);

/** The code measured: the commit, and whether src/ or seeds/ differ from it. */
function source(): string {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('log', '-1', '--format=%h (%cs)');
    const dirty = git('status', '--porcelain', '--', 'src', 'seeds', 'package-lock.json');
    return `commit ${commit}; src/, seeds/ and package-lock.json ${dirty ? `CHANGED since: ${dirty.split('\n').length} files` : 'as committed'}`;
  } catch {
    return 'not a git checkout';
  }
}

export function machineHeader(title: string): string {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((cpu) => cpu.model.trim()))].join(' + ') || 'unknown CPU';
  const load = os.loadavg();
  samples.push(load[0]);
  return [
    `${title}`,
    `date: ${new Date().toISOString()}`,
    `machine: ${models}, ${cpus.length} cores (available parallelism ${os.availableParallelism()}), ` +
      `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.type()} ${os.release()}, node ${process.version}`,
    `source: ${source()}`,
    `load average at start (1/5/15 min): ${load.map(fmt).join(' / ')}`,
  ].join('\n');
}

export function loadFooter(): string {
  const load = os.loadavg();
  samples.push(load[0]);
  const mean = samples.reduce((sum, s) => sum + s, 0) / samples.length;
  return (
    `load average at end (1/5/15 min): ${load.map(fmt).join(' / ')}; ` +
    `1-min load sampled every 5 s during the run: min ${fmt(Math.min(...samples))}, mean ${fmt(mean)}, max ${fmt(Math.max(...samples))} (${samples.length} samples)`
  );
}
