/** 'empty': the operator and the bot, no rooms. The driver posts alerts into any group room the bot joins later. */
import { alertScript } from './alerts';
import { createOperatorAndBot } from './people';
import type { ScenarioBuilder } from './types';

export const buildEmpty: ScenarioBuilder = (world) => {
  const { bot } = createOperatorAndBot(world);
  return {
    identities: ['operator', 'bot'],
    aliases: {},
    script: alertScript({ bot, rooms: () => [...bot.rooms], now: () => world.now() }),
  };
};
