'use strict';
// Preloaded into the emulator by the redirect benchmark (NODE_OPTIONS=--require): notes every stall of
// Azurite's event loop, a 2 ms timer firing 10 ms or more late, with the CPU time the process used
// meanwhile, so the benchmark can tell an emulator that was busy from one that waited for a core.
// Lines "<end, CLOCK_MONOTONIC ns>,<stall ms>,<cpu ms>" are appended to AZURITE_STALLS_FILE each second.
const fs = require('node:fs');

const file = process.env.AZURITE_STALLS_FILE;
if (file && /azurite\.js$/.test(process.argv[1] ?? '')) {
  const intervalMs = 2;
  const thresholdMs = 10;
  const stalls = [];
  let last = process.hrtime.bigint();
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const now = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const lateMs = Number(now - last) / 1e6 - intervalMs;
    if (lateMs >= thresholdMs) {
      const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
      stalls.push(`${now},${lateMs.toFixed(1)},${cpuMs.toFixed(1)}`);
    }
    last = now;
    lastCpu = cpu;
  }, intervalMs).unref();
  setInterval(() => {
    if (stalls.length > 0) {
      fs.appendFileSync(file, stalls.join('\n') + '\n');
      stalls.length = 0;
    }
  }, 1000).unref();
}
