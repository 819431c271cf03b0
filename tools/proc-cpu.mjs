// CPU time of the workerd processes behind `wrangler dev`, read from /proc (Linux only).
//
// wrangler dev runs two workerd processes: the runtime (entry worker, assets router, our worker and
// every Durable Object, all on one thread) and its dev proxy. Requests per second move with whatever
// else the machine is doing; CPU milliseconds per request in the runtime move much less, and they say
// where a route's cost goes. Elsewhere than Linux every function here answers nothing.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const ticksPerSecond = (() => {
  const res = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(res.stdout?.trim());
  return n > 0 ? n : 100;
})();

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return {
      comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      rest: stat.slice(stat.lastIndexOf(')') + 2).split(' '),
    };
  } catch {
    return null;
  }
}

/** The workerd processes of process group `groupId`: [{ pid, role: 'runtime' | 'proxy' }]. */
export function workerdProcesses(groupId) {
  if (process.platform !== 'linux') return [];
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statFields(entry);
    // After the name: state, ppid, pgrp, …
    if (stat?.comm !== 'workerd' || Number(stat.rest[2]) !== groupId) continue;
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {}
    found.push({ pid: Number(entry), role: cmdline.includes('--inspector-addr') ? 'runtime' : 'proxy' });
  }
  return found;
}

/** CPU milliseconds (user + system) process `pid` has used so far; null once it is gone. */
export function cpuMs(pid) {
  const stat = statFields(pid);
  if (!stat) return null;
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the name.
  return ((Number(stat.rest[11]) + Number(stat.rest[12])) * 1000) / ticksPerSecond;
}

/** TCP ports process `pid` listens on (IPv4), read from /proc; [] elsewhere than Linux. */
export function listeningPorts(pid) {
  if (process.platform !== 'linux') return [];
  const sockets = new Set();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[')) sockets.add(target.slice(8, -1));
      } catch {}
    }
  } catch {
    return [];
  }
  const LISTEN = '0A';
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === LISTEN && sockets.has(f[9]))
    .map((f) => Number.parseInt(f[1].split(':')[1], 16));
}
