import type { DriverScript } from '../driver';
import type { World } from '../core/world';

export interface ScenarioOptions {
  large: { rooms: number; messages: number; watchedHint: number };
}

export interface BuiltScenario {
  /** Identity keys that get a token, in a stable order (at least 'operator' and 'bot'). */
  identities: string[];
  /** Extra keys that name an existing identity (same person, same token), e.g. { dana: 'operator' }. */
  aliases: Record<string, string>;
  /** The live driver's script (none: step() posts nothing). */
  script: DriverScript | undefined;
}

export type ScenarioBuilder = (world: World, options: ScenarioOptions) => BuiltScenario;
