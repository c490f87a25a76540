'use strict';
// Runs Azurite as a child process and stops it when this process's stdin closes (the .NET process
// that started it has exited or died) or on SIGTERM/SIGINT, so an emulator never outlives its owner.
//
//   node eng/azurite-host.js [--pid-file <file>] <path/to/azurite.js> [azurite arguments...]
//
// With --pid-file, this process's pid and Azurite's are written to <file> (one a line), so a later
// start can find and stop an emulator left behind by a crash.
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const args = process.argv.slice(2);
let pidFile;
if (args[0] === '--pid-file') {
  pidFile = args[1];
  args.splice(0, 2);
}

if (args.length === 0) {
  console.error('usage: azurite-host.js [--pid-file <file>] <azurite.js> [azurite arguments...]');
  process.exit(2);
}

const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let pidText;
if (pidFile && child.pid) {
  pidText = `${process.pid}\n${child.pid}\n`;
  fs.writeFileSync(pidFile, pidText);
}

function removePidFile() {
  if (!pidFile || !pidText) {
    return;
  }
  try {
    // Only our own: a newer emulator may already have replaced the file.
    if (fs.readFileSync(pidFile, 'utf8') === pidText) {
      fs.unlinkSync(pidFile);
    }
  } catch {
    // Already gone.
  }
}

let stopping = false;
function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    // Azurite saves and closes within a moment; one that hangs is killed.
    setTimeout(() => child.kill('SIGKILL'), 10000).unref();
  }
}

child.on('error', (error) => {
  console.error(`Azurite could not be started: ${error.message}`);
  removePidFile();
  process.exit(1);
});
child.on('exit', (code, signal) => {
  removePidFile();
  process.exit(code ?? (stopping ? 0 : 1));
});

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('SIGHUP', stop);
