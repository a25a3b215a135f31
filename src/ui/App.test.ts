// @vitest-environment jsdom
// The shell in jsdom (no WebGPU there): modeled experiments compute and render, GPU-only ones
// explain why they cannot run, and bad typed input is refused inline.
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAutoRun } from '../state/autoRun';
import { createWorkbenchStore } from '../state/store';
import { modeledFake, slowGpuFake } from '../state/testExperiments';
import { App } from './App';
import { WorkbenchProvider } from './WorkbenchContext';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const experiments = [modeledFake, slowGpuFake()];
let root: Root;
let host: HTMLDivElement;
let stopAutoRun: () => void;

async function mount(initialId: string) {
  const store = createWorkbenchStore({
    experiments,
    hasNavigatorGpu: () => false,
    createGpu: () => Promise.reject(new Error('no WebGPU in jsdom')),
    initial: { experimentId: initialId },
  });
  stopAutoRun = startAutoRun(store, experiments, 0);
  host = document.createElement('div');
  document.body.appendChild(host);
  root = createRoot(host);
  await act(async () =>
    // oxlint-disable-next-line react/no-children-prop -- createElement's types want children in the props here
    root.render(createElement(WorkbenchProvider, { store, experiments, children: createElement(App) })),
  );
  await act(() => new Promise((r) => setTimeout(r, 10)));
  return store;
}

/** Sets an input's value the way a user would, so React's onChange fires. */
async function type(input: HTMLInputElement, text: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  await act(async () => {
    setter.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(() => new Promise((r) => setTimeout(r, 10)));
}

function labelled(text: string): HTMLInputElement {
  const label = [...host.querySelectorAll('label')].find((l) => l.textContent === text);
  if (!label) throw new Error(`no label "${text}"`);
  return document.getElementById(label.htmlFor) as HTMLInputElement;
}

describe('App shell', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });
  afterEach(async () => {
    stopAutoRun();
    await act(async () => root.unmount());
  });

  it('computes a modeled experiment on load and renders metrics, tables and provenance', async () => {
    await mount('fake-modeled');
    expect(host.querySelector('h1')!.textContent).toBe('Fake modeled');
    expect(host.querySelector('[data-metric="m"] .metric-number')!.textContent).toBe('12');
    expect(host.querySelector('[data-metric="m"] .badge')!.textContent).toBe('modeled');
    const download = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Download CSV');
    expect(download).toBeTruthy();
    expect(host.querySelector('.chip')!.textContent).toBe('No WebGPU');
  });

  it('refuses an out-of-range typed value inline and keeps the last valid one', async () => {
    const store = await mount('fake-modeled');
    const layers = labelled('Layers');
    await type(layers, '500');
    expect(host.querySelector('.param-error')!.textContent).toBe('Layers: 500 is out of range; allowed 1 to 96');
    expect(layers.getAttribute('aria-invalid')).toBe('true');
    expect(store.getState().values.layers).toBe(12);
    await type(layers, '30');
    expect(host.querySelector('.param-error')).toBeNull();
    expect(store.getState().values.layers).toBe(30);
    expect(host.querySelector('[data-metric="m"] .metric-number')!.textContent).toBe('30');
  });

  it('shows "custom" only when the values match no preset', async () => {
    const store = await mount('fake-modeled');
    const preset = labelled('Preset') as unknown as HTMLSelectElement;
    expect(preset.value).toBe('custom');
    await act(async () => store.getState().applyPreset('big'));
    expect(preset.value).toBe('big');
    expect([...preset.options].map((o) => o.value)).toEqual(['small', 'big']);
  });

  it('disables Run for a GPU-only experiment and says how to get WebGPU', async () => {
    await mount('fake-gpu');
    const run = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Run')!;
    expect(run.disabled).toBe(true);
    expect(host.querySelector('#run-disabled-reason')!.textContent).toMatch(/needs WebGPU/);
    expect(host.textContent).toContain('chrome://flags/#enable-unsafe-webgpu');
  });

  it('opens on the gallery, whose cards open experiments and set the tab title', async () => {
    const store = await mount('');
    expect(host.querySelector('h1')!.textContent).toBe('ML-systems papers as live experiments');
    expect(document.title).toBe('MLSys Workbench');
    const links = [...host.querySelectorAll<HTMLAnchorElement>('.card-title a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['?exp=fake-modeled', '?exp=fake-gpu']);
    // The card's live value comes from the model after first paint (the fake has none: no value).
    expect(host.querySelector('.card-gpu')!.textContent).toBe('No GPU needed');
    await act(async () => links[0]!.click());
    expect(store.getState().experimentId).toBe('fake-modeled');
    expect(host.querySelector('h1')!.textContent).toBe('Fake modeled');
    expect(document.title).toBe('Fake modeled · MLSys Workbench');
  });

  it('gives log sliders the real value and unit, and keeps them out of the tab order', async () => {
    await mount('fake-modeled');
    const slider = host.querySelector<HTMLInputElement>('input[aria-label="Intensity slider"]')!;
    expect(slider.getAttribute('aria-valuetext')).toBe('10 FLOP/B');
    expect(slider.tabIndex).toBe(-1);
  });
});
