/** The seeded identities shared by every scenario: the operator and the alerting bot. */
import type { PersonRec } from '../core/model';
import { createPerson } from '../core/ops';
import type { World } from '../core/world';
import { DAY } from './seed';

export const ORG_DOMAIN = 'acme-ops.example';

export function createOperatorAndBot(world: World): { operator: PersonRec; bot: PersonRec } {
  const now = world.now();
  const operator = createPerson(world, {
    key: 'operator',
    email: `dana.ops@${ORG_DOMAIN}`,
    displayName: 'Dana Ops',
    firstName: 'Dana',
    lastName: 'Ops',
    created: now - 400 * DAY,
    status: 'active',
  });
  const bot = createPerson(world, {
    key: 'bot',
    email: 'alertbot@webex.bot',
    displayName: 'AlertBot',
    type: 'bot',
    created: now - 380 * DAY,
  });
  return { operator, bot };
}
