// A failed run: the error's own message (it names the parameter, limit or shader line), in an
// alert box. The rest of the app keeps working.
import { useWorkbench } from '../hooks/useWorkbench';

const TITLES: Record<string, string> = {
  UserInputError: 'Invalid input',
  DeviceLimitError: 'Too large for this device',
  ShaderCompileError: 'Shader failed to compile',
  GpuLostError: 'GPU device lost',
  WebGpuUnavailableError: 'WebGPU unavailable',
};

export function RunError() {
  const error = useWorkbench((s) => (s.run.status === 'error' ? s.run.error : undefined));
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <strong>{TITLES[error.name] ?? 'Run failed'}</strong>
      <pre className="alert-message">{error.message}</pre>
    </div>
  );
}
