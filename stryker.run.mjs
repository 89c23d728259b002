// `npm run test:mutation [-- stryker options]`: StrykerJS's CLI (`stryker run`) with stryker.config.mjs.
//
// Stryker 10 declares Node >= 22 and its CLI refuses anything older at import time, while this
// project supports Node >= 20.19 and its machines run Node 20. Stryker itself runs on Node 20
// (only the check objects; it needs no Node 22 API), so on Node < 22 this launcher shows the check
// a Node 22 version string while the CLI module loads, puts the real one back, and runs the CLI.
// Only Stryker's own process is affected: the test runner processes it starts see the real version.
const [major] = process.versions.node.split('.').map(Number);
const real = Object.getOwnPropertyDescriptor(process, 'version');
if (major < 22) Object.defineProperty(process, 'version', { ...real, value: 'v22.0.0' });
let StrykerCli;
try {
  ({ StrykerCli } = await import('@stryker-mutator/core'));
} finally {
  if (major < 22) Object.defineProperty(process, 'version', real);
}
process.title = 'stryker';
new StrykerCli([process.argv[0], 'stryker', 'run', ...process.argv.slice(2)]).run();
