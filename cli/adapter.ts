// `npm run adapter -- [--adapter NAME] [--json]`
// Says which WebGPU adapter the CLIs get through dawn.node (vendor, architecture, driver, whether it
// is CPU emulation, key limits) without running anything on it. The GPU kit's run.sh uses it to
// check that a Vulkan driver gives an adapter before the real runs.
import { formatOptions, optionValue, parseArgs, UsageError, type OptionSpecs } from './args';
import { ADAPTER_ENV, describeDevice, deviceJson, openGpu } from './device';
import { runCli } from './main';

const OPTIONS: OptionSpecs = {
  adapter: {
    kind: 'value',
    meta: 'NAME',
    help: `the adapter whose name contains NAME (default: $${ADAPTER_ENV}, else Dawn's choice); a name that matches none lists the adapters`,
  },
  json: { kind: 'switch', help: 'print the adapter as JSON (the "device" object of experiment --json)' },
  help: { kind: 'switch', help: 'show this help' },
};

const USAGE = `usage: npm run adapter -- [options]

Opens the WebGPU adapter the experiment and kernel CLIs would use and describes it.

${formatOptions(OPTIONS)}`;

const LIMITS = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize'];

await runCli(async (onExit) => {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  if (args.switches.has('help')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${USAGE}`);
  const gpu = await openGpu(onExit, optionValue(args, 'adapter'));
  if (args.switches.has('json')) {
    process.stdout.write(JSON.stringify(deviceJson(gpu), null, 2) + '\n');
    return;
  }
  const i = gpu.info;
  const lines = [
    `adapter: ${describeDevice(gpu)}`,
    `vendor: ${i.vendor || '?'}   architecture: ${i.architecture || '?'}   device: ${i.device || '?'}`,
    `CPU emulation: ${gpu.isCpuEmulation ? 'yes (timings are not GPU performance)' : 'no'}`,
    `features: ${i.features.join(', ') || '(none of the optional ones)'}`,
    ...LIMITS.map((k) => `${k}: ${i.limits[k] ?? '?'}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
});
