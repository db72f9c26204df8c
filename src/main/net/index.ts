export { DEFAULT_TIMEOUTS, resolveTimeouts, type Timeouts } from './timeouts';
export { DEFAULT_API_BASE_URL, checkBaseUrl, baseUrlString } from './baseUrl';
export { isLoopbackHost } from './loopback';
export { parseNoProxy, shouldBypassProxy, proxySettingsFromEnv, type ProxyEnvSettings } from './noProxy';
export {
  createDefaultDispatcher,
  createEnvDispatcherFactory,
  type DefaultDispatcherOptions,
  type DispatcherFactory,
  type EnvDispatcherOptions,
} from './dispatcher';
