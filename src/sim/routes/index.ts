import type { Route } from '../http/types';
import { attachmentActionRoutes } from './attachmentActions';
import { contentRoutes } from './contents';
import { membershipRoutes } from './memberships';
import { messageRoutes } from './messages';
import { oauthRoutes } from './oauth';
import { peopleRoutes } from './people';
import { roomRoutes } from './rooms';
import { teamRoutes } from './teams';
import { webhookRoutes } from './webhooks';

/** Every /v1 route of the simulator. */
export const apiRoutes: Route[] = [
  ...peopleRoutes,
  ...roomRoutes,
  ...messageRoutes,
  ...membershipRoutes,
  ...teamRoutes,
  ...webhookRoutes,
  ...contentRoutes,
  ...oauthRoutes,
  ...attachmentActionRoutes,
];
