// The probe kernel family's public API: what experiments, the CLI and other families use.
// No kernel-CLI entries: the device-probe experiment runs these probes; CPU references beside each kernel.
export { measureCopy, measureFma, type ProbeMeasurement } from './probe';
