/**
 * The rules of the simulated service, one module per concern — re-exported here for the routes, the control API,
 * the driver and the scenarios.
 */
export * from './people';
export * from './rooms';
export * from './teams';
export * from './messages';
