import type { ScenarioName } from '../types';
import { buildDemo } from './demo';
import { buildEmpty } from './empty';
import { buildLarge } from './large';
import type { ScenarioBuilder } from './types';

export const scenarios: Record<ScenarioName, ScenarioBuilder> = {
  empty: buildEmpty,
  demo: buildDemo,
  large: buildLarge,
};

export type { BuiltScenario, ScenarioOptions } from './types';
