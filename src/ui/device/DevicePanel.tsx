// Adapter details, enabled features and limits (adapter maximum vs granted), with a JSON copy
// for bug reports. Connects only on request or on the first GPU run.
import { useState } from 'react';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { formatNumber } from '../results/formatNumber';
import { adapterName } from './deviceText';
import { NoWebGpuHelp } from './NoWebGpuHelp';

/** `fullHelp`: repeat the how-to-enable list (off when the page banner already shows it). */
export function DevicePanel({ fullHelp = true }: { fullHelp?: boolean }) {
  const device = useWorkbench((s) => s.device);
  const { connectGpu } = useActions();
  const [copied, setCopied] = useState<string | null>(null);
  const info = device.info;

  const copy = async () => {
    if (!info) return;
    try {
      await navigator.clipboard.writeText(JSON.stringify(info, null, 2));
      setCopied('Copied device info as JSON');
    } catch {
      setCopied('Copy failed: the browser refused clipboard access');
    }
  };
  const canConnect =
    device.status === 'idle' || (device.status === 'unavailable' && device.reason !== 'no-navigator-gpu');

  return (
    <section id="device" className="panel device-panel" aria-labelledby="device-heading">
      <h2 id="device-heading">Device</h2>
      {canConnect && (
        <button type="button" onClick={() => void connectGpu()}>
          Connect GPU
        </button>
      )}
      {device.status === 'connecting' && <p>Connecting to WebGPU…</p>}
      {device.status === 'unavailable' &&
        (fullHelp ? (
          <NoWebGpuHelp reason={device.reason} message={device.message} />
        ) : (
          <p>WebGPU is not available here; see the help at the top of the page.</p>
        ))}
      {info && (
        <>
          <dl className="device-facts">
            <dt>Adapter</dt>
            <dd>{adapterName(device)}</dd>
            <dt>Vendor</dt>
            <dd>{info.vendor || '—'}</dd>
            <dt>Architecture</dt>
            <dd>{info.architecture || '—'}</dd>
            <dt>Fallback adapter</dt>
            <dd>{info.isFallbackAdapter ? 'yes (CPU emulation)' : 'no'}</dd>
            <dt>Subgroup size</dt>
            <dd>
              {info.subgroupMinSize !== undefined
                ? `${info.subgroupMinSize}–${info.subgroupMaxSize ?? '?'}`
                : 'not reported'}
            </dd>
            <dt>Enabled features</dt>
            <dd>{info.features.join(', ') || 'none'}</dd>
            <dt>Adapter features</dt>
            <dd className="feature-list">{info.adapterFeatures.join(', ') || 'none'}</dd>
          </dl>
          <table className="limits">
            <caption>Limits</caption>
            <thead>
              <tr>
                <th scope="col">Limit</th>
                <th scope="col" className="num">
                  Adapter max
                </th>
                <th scope="col" className="num">
                  Granted
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.keys(info.adapterLimits).map((k) => (
                <tr key={k}>
                  <td>{k}</td>
                  <td className="num">{formatNumber(info.adapterLimits[k]!)}</td>
                  <td className="num">{info.limits[k] !== undefined ? formatNumber(info.limits[k]!) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => void copy()} title="Copy device info as JSON">
            Copy
          </button>
          {copied && (
            <span className="copy-status" role="status">
              {copied}
            </span>
          )}
        </>
      )}
    </section>
  );
}
